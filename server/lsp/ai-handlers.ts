import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  WorkDoneProgress,
  type CancellationToken,
  type Connection,
  type ProgressToken,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver/node';
import { planChartWrite } from '../compiler/output/write-plan';
import { aiCacheDir, generatedSetForPlan, readCurrentChart } from '../generate/ai-chart';
import { chartDirFor } from '../generate/chart-location';
import { generateChartWithAI, helmChartValidator, redact, type AiResult } from '../llm';
import {
  PLAN_CHART_WITH_AI,
  type AiOutcome,
  type PlanChartWithAIParams,
  type PlanChartWithAIResult,
} from '../protocol/ai-protocol';
import { workspacePolicies } from '../review/policy-source';
import { resolveHelmPath } from '../tools/helm';
import { findPlatformConfig } from '../workspace/platform-config-loader';
import { intentForRequest, type GenerateDeps } from './generate-handlers';

export interface AiDeps extends GenerateDeps {
  /** Workspace trust as the client reported it; untrusted → refused (the key would go to a URL the workspace names, and helm runs). */
  trusted?: () => boolean;
}

const UNTRUSTED =
  'The AI generator runs only in trusted workspaces: it sends the API key to the endpoint the workspace configures and runs helm on the result.';

/**
 * `helmIntent/planChartWithAI`: the AI generator's chart planned like the compiler's
 * (`helmIntent/planChart`), so the client previews it and records it the same way. Phases go to
 * the request's workDoneToken as `$/progress`; `$/cancelRequest` aborts the model call and helm.
 */
export function registerAiHandlers(deps: AiDeps): void {
  deps.connection.onRequest(
    PLAN_CHART_WITH_AI,
    async (params: PlanChartWithAIParams, token: CancellationToken): Promise<PlanChartWithAIResult> => {
      if (deps.trusted && !deps.trusted()) return { ok: false, message: UNTRUSTED, errors: [] };
      const progress = workDoneProgress(deps.connection, params.workDoneToken);
      const abort = new AbortController();
      const cancelled = token.onCancellationRequested(() => abort.abort());
      progress.begin(
        params.instruction?.trim() ? 'Helm Intent: updating chart with AI' : 'Helm Intent: generating chart with AI',
      );
      try {
        return await planWithAI(deps, params, abort.signal, (message) => progress.report(message));
      } catch (e) {
        // Reading the intent or the chart's record failed: a message, never a crash, never the key.
        const message = redact(e instanceof Error ? e.message : String(e), params.apiKey);
        deps.connection.console.error(`helm-intent: ${PLAN_CHART_WITH_AI} failed: ${message}`);
        return { ok: false, message, errors: [] };
      } finally {
        cancelled.dispose();
        progress.end();
      }
    },
  );
}

async function planWithAI(
  deps: AiDeps,
  params: PlanChartWithAIParams,
  signal: AbortSignal,
  report: (message: string) => void,
): Promise<PlanChartWithAIResult> {
  const { file, text, config, source, refused } = intentForRequest(deps, params.uri);
  if (refused) return refused;
  const chartName = source.intent.metadata.name;
  const chartDir = chartDirFor(file, chartName, config, deps.workspaceFolders());
  const instruction = params.instruction?.trim() || undefined;
  // "Update Chart with AI…" edits the chart as it is on disk, the user's edits included.
  const current = instruction ? readCurrentChart(chartDir) : undefined;

  const notes: string[] = [];
  let cacheDir: string | undefined;
  try {
    cacheDir = aiCacheDir(workspaceDirFor(file, deps.workspaceFolders()));
  } catch (e) {
    notes.push(`No answer cache: ${(e as Error).message}`);
  }

  const started = performance.now();
  const result = await generateChartWithAI(
    { intent: source.intent, intentText: text, config, instruction, currentChart: current?.files, llm: params.llm },
    {
      apiKey: params.apiKey,
      keySource: 'vscode',
      cacheDir,
      validator: helmChartValidator({
        helmPath: resolveHelmPath(params.helmPath),
        kubeVersion: config.kubernetesVersion,
        allowedRegistries: config.allowedRegistries,
        ...workspacePolicies(config),
      }),
      onProgress: (p) => report(p.message),
      signal,
    },
  );
  const durationMs = performance.now() - started;
  const ai = outcomeOf(result, durationMs);
  ai.notes.push(...notes);
  if (current?.skipped.length)
    ai.notes.push(`Not sent to the model (links or files over 1 MB): ${current.skipped.join(', ')}.`);
  if (result.status !== 'converged' || ai.status !== 'converged') {
    return { ok: false, message: failureMessage(ai), errors: [], ai };
  }
  report('Comparing with the chart on disk');
  const generated = generatedSetForPlan(chartDir, result.files, result.changedPaths, current?.files);
  const plan = planChartWrite(chartDir, generated, { force: params.force });
  return {
    ok: true,
    chartName,
    chartDir,
    chartDirUri: pathToFileURL(chartDir).href,
    files: plan.files,
    compileMs: durationMs,
    ai,
  };
}

/** The result without the chart's contents (only converged charts are planned) and without the key. */
function outcomeOf(result: AiResult, durationMs: number): AiOutcome {
  const run = {
    model: result.model,
    baseURL: result.baseURL,
    promptVersion: result.promptVersion,
    modelCalls: result.modelCalls,
    rounds: result.attempts.length,
    notes: [...result.notes],
    durationMs,
  };
  switch (result.status) {
    case 'converged':
      return { ...run, status: 'converged', fromCache: result.fromCache, changedPaths: result.changedPaths };
    case 'gave-up':
      return {
        ...run,
        status: 'gave-up',
        problems: result.problems,
        files: result.files.map((f) => f.path),
        changedPaths: result.changedPaths,
      };
    case 'failed':
      return { ...run, status: 'failed', code: result.error.code, message: result.error.message };
  }
}

function failureMessage(ai: AiOutcome): string {
  if (ai.status === 'failed') return ai.message;
  if (ai.status === 'converged') return 'The AI chart validated.';
  return `The AI chart still has ${ai.problems.length} problem(s) after ${Math.max(0, ai.rounds - 1)} repair round(s); nothing was planned or written.`;
}

/** The cache lives in the workspace folder holding the intent, else beside the platform config, else beside the intent. */
function workspaceDirFor(intentFile: string, folders: string[]): string {
  const folder = folders
    .filter((f) => intentFile.startsWith(f.endsWith(path.sep) ? f : f + path.sep))
    .sort((a, b) => b.length - a.length)[0];
  const configFile = findPlatformConfig(path.dirname(intentFile));
  return folder ?? (configFile ? path.dirname(configFile) : path.dirname(intentFile));
}

/** `$/progress` on the client's token (a no-op without one). */
function workDoneProgress(connection: Connection, token: ProgressToken | undefined) {
  const send = (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => {
    if (token !== undefined) void connection.sendProgress(WorkDoneProgress.type, token, value);
  };
  return {
    begin: (title: string) => send({ kind: 'begin', title }),
    report: (message: string) => send({ kind: 'report', message }),
    end: () => send({ kind: 'end' }),
  };
}
