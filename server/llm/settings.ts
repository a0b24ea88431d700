import type { PlatformConfig } from '../model/platform-config';
import type { LlmOverrides } from './types';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_TIMEOUT_MS = 180_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;
/** The limit: at most two repair rounds after the first answer. */
export const MAX_REPAIR_ROUNDS = 2;

export interface LlmSettings {
  model: string;
  baseURL: string;
  temperature: number;
}

/**
 * Model, endpoint and temperature: the caller's overrides, else the platform config's `llm`
 * section. The base URL is always explicit so the SDK never picks one up from the environment.
 */
export function resolveLlmSettings(config: PlatformConfig, overrides: LlmOverrides = {}): LlmSettings {
  const model = (overrides.model ?? config.llm.model).trim();
  const baseURL = (overrides.baseURL ?? config.llm.baseURL ?? DEFAULT_BASE_URL).trim().replace(/\/+$/, '');
  const temperature = overrides.temperature ?? config.llm.temperature ?? 0.1;
  return { model, baseURL, temperature };
}

/** Problems with the settings themselves (checked before any request). */
export function settingsProblem(settings: LlmSettings): string | undefined {
  if (!settings.model) return 'No model is configured: set llm.model in the platform config (.helm-intent.yaml).';
  if (!/^https?:\/\/[^/\s]+/.test(settings.baseURL)) return `llm.baseURL '${settings.baseURL}' is not an http(s) URL.`;
  if (!(settings.temperature >= 0 && settings.temperature <= 2)) return `llm.temperature ${settings.temperature} is outside 0–2 (keep it ≤ 0.2 for reproducible charts).`;
  return undefined;
}
