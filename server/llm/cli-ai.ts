import path from 'node:path';
import type { AnyIntent } from '../model/effective-intent';
import type { PlatformConfig } from '../model/platform-config';
import type { AnyPolicy } from '../policy/types';
import type { PolicyContext } from '../review/policy-source';
import { generateChartWithAI } from './generate';
import { helmChartValidator } from './helm-validator';
import { locateHelm } from '../tools/helm-location';
import { formatProblem } from './prompt';
import type { AiResult, ChartFile, ChartValidator, LlmOverrides } from './types';

/** The CLI reads the key from this variable only. */
export const API_KEY_ENV = 'OPENAI_API_KEY';

export interface CliAiOptions {
  intent: AnyIntent;
  intentText?: string;
  config: PlatformConfig;
  /** Process environment: OPENAI_API_KEY (and HELM_INTENT_HELM for the validator). */
  env: NodeJS.ProcessEnv;
  /** Workspace root: the default cache is `<workspace>/.helm-intent/ai-cache`. */
  workspaceDir: string;
  /** Another cache folder, or false for none. */
  cacheDir?: string | false;
  instruction?: string;
  currentChart?: ChartFile[];
  llm?: LlmOverrides;
  helmPath?: string;
  /** The workspace's policies: the AI chart passes them like any reviewed chart. */
  policies?: AnyPolicy[];
  policyContext?: PolicyContext;
  validator?: ChartValidator;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Progress lines (stderr in the CLI). */
  progress: (line: string) => void;
}

/**
 * `helm-intent generate --ai`: the generator with the CLI's key source (OPENAI_API_KEY), the
 * workspace cache and the helm validator. Returns the result for the command to preview/write.
 */
export async function runAiGenerationForCli(options: CliAiOptions): Promise<AiResult> {
  const cacheDir =
    options.cacheDir === false
      ? undefined
      : (options.cacheDir ?? path.join(options.workspaceDir, '.helm-intent', 'ai-cache'));
  return generateChartWithAI(
    {
      intent: options.intent,
      intentText: options.intentText,
      config: options.config,
      instruction: options.instruction,
      currentChart: options.currentChart,
      llm: options.llm,
    },
    {
      apiKey: options.env[API_KEY_ENV],
      env: options.env,
      keySource: 'cli',
      cacheDir,
      validator:
        options.validator ??
        helmChartValidator({
          helmPath: locateHelm({ flag: options.helmPath, env: options.env }).path,
          kubeVersion: options.config.kubernetesVersion,
          allowedRegistries: options.config.allowedRegistries,
          policies: options.policies,
          policyContext: options.policyContext,
        }),
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      onProgress: (p) => options.progress(`ai: ${p.message}\n`),
    },
  );
}

/** A short human summary of a result (what the CLI prints after the progress lines). */
export function describeAiResult(result: AiResult): string {
  const lines: string[] = [];
  const calls = `${result.modelCalls} model call(s), ${result.model} at ${result.baseURL}, prompt ${result.promptVersion}`;
  if (result.status === 'converged') {
    lines.push(
      `AI chart ${result.fromCache ? 'from cache' : 'validated'} (${calls}): ${result.changedPaths.length} file(s) changed from the reference chart.`,
    );
    for (const p of result.changedPaths) lines.push(`  ${p}`);
  } else if (result.status === 'gave-up') {
    lines.push(
      `AI chart still fails validation after ${result.attempts.length - 1} repair round(s) (${calls}); nothing is written. Remaining problems:`,
    );
    for (const p of result.problems) lines.push(`  - ${formatProblem(p).replace(/\n/g, '\n    ')}`);
  } else {
    lines.push(`AI generation failed (${result.error.code}): ${result.error.message}`);
  }
  for (const note of result.notes) lines.push(`note: ${note}`);
  return lines.join('\n') + '\n';
}

/** 0 when the chart validated; 1 otherwise (the CLI must not write a failing chart). */
export function aiExitCode(result: AiResult): number {
  return result.status === 'converged' ? 0 : 1;
}
