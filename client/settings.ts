/**
 * The one reader of the `helmIntent.*` settings: a typed snapshot, read when asked (settings change
 * at any time), with the defaults package.json declares. Trust comes from VS Code, not a setting.
 */
import * as vscode from 'vscode';

export interface HelmIntentSettings {
  /** Machine-scoped helm path as set; the engine resolves it (server/tools/helm.ts resolveHelmPath: HELM_INTENT_HELM wins, else `helm`). */
  helmPath?: string;
  kubernetesVersion?: string;
  readOnly: boolean;
  reviewOnSave: boolean;
  traceServer: 'off' | 'messages' | 'verbose';
  /** `helmIntent.ai.*` values that are set; they override the platform config's `llm` section. */
  ai: { model?: string; baseURL?: string; temperature?: number };
}

export function readSettings(scope?: vscode.Uri): HelmIntentSettings {
  const cfg = vscode.workspace.getConfiguration('helmIntent', scope);
  const text = (key: string) => cfg.get<string>(key)?.trim() || undefined;
  const model = text('ai.model');
  const baseURL = text('ai.baseURL');
  const temperature = cfg.get<number | null>('ai.temperature');
  const helmPath = text('helmPath');
  const kubernetesVersion = text('kubernetesVersion');
  return {
    ...(helmPath ? { helmPath } : {}),
    ...(kubernetesVersion ? { kubernetesVersion } : {}),
    readOnly: cfg.get<boolean>('readOnly', true),
    reviewOnSave: cfg.get<boolean>('review.onSave', true),
    traceServer: cfg.get<HelmIntentSettings['traceServer']>('trace.server', 'off'),
    ai: {
      ...(model ? { model } : {}),
      ...(baseURL ? { baseURL } : {}),
      ...(typeof temperature === 'number' ? { temperature } : {}),
    },
  };
}
