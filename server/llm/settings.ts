import type { PlatformConfig } from '../model/platform-config';
import type { AiFailureCode, LlmOverrides } from './types';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_TIMEOUT_MS = 180_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;
/** The limit: at most two repair rounds after the first answer. */
export const MAX_REPAIR_ROUNDS = 2;
/** The user's own endpoint, from the environment (like the OpenAI SDK's variable). */
export const BASE_URL_ENV = 'OPENAI_BASE_URL';

/**
 * Where the endpoint came from. The API key follows it, so only the user may choose it:
 * 'user' (editor user setting or CLI flag), 'env' (OPENAI_BASE_URL), 'default' (OpenAI);
 * 'repo' is a workspace's `.helm-intent.yaml` `llm.baseURL`, used only once the user confirmed it.
 */
export type EndpointSource = 'user' | 'env' | 'repo' | 'default';

export interface LlmSettings {
  model: string;
  baseURL: string;
  temperature: number;
  endpointSource: EndpointSource;
  /** For 'repo': the user confirmed this exact endpoint. */
  confirmed?: boolean;
}

export function normalizeBaseURL(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/**
 * Model, endpoint and temperature: the caller's overrides, else the platform config's `llm`
 * section. The base URL is always explicit so the SDK never picks one up from the environment.
 */
export function resolveLlmSettings(
  config: PlatformConfig,
  overrides: LlmOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): LlmSettings {
  const model = (overrides.model ?? config.llm.model).trim();
  const temperature = overrides.temperature ?? config.llm.temperature ?? 0.1;
  const user = overrides.baseURL?.trim();
  const fromEnv = env[BASE_URL_ENV]?.trim();
  const repo = config.llm.baseURL?.trim();
  if (user) return { model, baseURL: normalizeBaseURL(user), temperature, endpointSource: 'user' };
  if (fromEnv) return { model, baseURL: normalizeBaseURL(fromEnv), temperature, endpointSource: 'env' };
  if (repo) {
    const baseURL = normalizeBaseURL(repo);
    const confirmed = !!overrides.confirmedRepoBaseURL && normalizeBaseURL(overrides.confirmedRepoBaseURL) === baseURL;
    return { model, baseURL, temperature, endpointSource: 'repo', confirmed };
  }
  return { model, baseURL: DEFAULT_BASE_URL, temperature, endpointSource: 'default' };
}

/** True for localhost, 127.0.0.0/8 and ::1: plain http is fine there (Ollama, vLLM on this machine). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Problems with the settings themselves (checked before any request). */
export function settingsProblem(
  settings: LlmSettings,
  keySource: 'vscode' | 'cli' = 'cli',
): { code: AiFailureCode; message: string } | undefined {
  if (!settings.model)
    return {
      code: 'bad-request',
      message: 'No model is configured: set llm.model in the platform config (.helm-intent.yaml).',
    };
  let url: URL;
  try {
    url = new URL(settings.baseURL);
  } catch {
    return { code: 'bad-request', message: `LLM endpoint '${settings.baseURL}' is not an http(s) URL.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { code: 'bad-request', message: `LLM endpoint '${settings.baseURL}' is not an http(s) URL.` };
  if (url.username || url.password)
    return {
      code: 'bad-request',
      message: `LLM endpoint '${url.host}' has credentials in the URL: remove them (the API key is sent as a header).`,
    };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    return {
      code: 'insecure-endpoint',
      message: `Refused to send the API key to ${settings.baseURL}: plain http is allowed only for this machine (localhost); use https.`,
    };
  if (settings.endpointSource === 'repo' && !settings.confirmed) {
    const how =
      keySource === 'cli'
        ? `pass --llm-base-url ${settings.baseURL} (or set ${BASE_URL_ENV}) to send it there`
        : 'confirm it to send the key there';
    return {
      code: 'endpoint-unconfirmed',
      message: `The workspace's .helm-intent.yaml names the LLM endpoint ${settings.baseURL}; your API key is not sent to an endpoint a repository chose: ${how}.`,
    };
  }
  if (!(settings.temperature >= 0 && settings.temperature <= 2))
    return {
      code: 'bad-request',
      message: `llm.temperature ${settings.temperature} is outside 0–2 (keep it ≤ 0.2 for reproducible charts).`,
    };
  return undefined;
}
