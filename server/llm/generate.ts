import { compileChart } from '../compiler';
import { answerContentProblems } from './answer-review';
import { cacheKey, readCache, writeCache } from './cache';
import { chartSizeProblem, checkAnswerFiles, stripChartFolderPrefix } from './chart-file-policy';
import { intentEnvironments } from '../core/environments';
import type { AnyIntent } from '../model/effective-intent';
import type { PlatformConfig } from '../model/platform-config';
import { AiError, explainError, fail, missingKey, redact, type ErrorContext } from './errors';
import { ModelSession, type ChatMessage } from './model-client';
import { parseAnswer } from './parse-answer';
import { PROMPT_VERSION, buildMessages, repairText, unreadableText } from './prompt';
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  MAX_REPAIR_ROUNDS,
  resolveLlmSettings,
  settingsProblem,
} from './settings';
import type {
  AiDeps,
  AiProgress,
  AiRequest,
  AiResult,
  AttemptReport,
  ChartFile,
  Problem,
  ValidationEnvironment,
} from './types';

/** The environments (core/environments) in the validator's shape: one values file each, or none for the base. */
export function validationEnvironments(intent: AnyIntent, config: PlatformConfig): ValidationEnvironment[] {
  return intentEnvironments(intent, config).map((e) => ({
    name: e.name,
    namespace: e.namespace,
    ...(e.valuesFiles[0] ? { valuesFile: e.valuesFiles[0] } : {}),
  }));
}

/** Longest previous answer echoed back in a repair turn. */
const MAX_ECHO_CHARS = 100_000;
/** Most problems fed back in one repair turn, and the longest message of each. */
const MAX_FED_PROBLEMS = 30;
const MAX_PROBLEM_CHARS = 2_000;

interface Attempt {
  round: number;
  files: ChartFile[];
  problems: Problem[];
}

/**
 * Generates (or, with `currentChart` and an `instruction`, updates) a Helm chart with an LLM.
 *
 * The compiler's chart is the reference skeleton; the model returns the files it adds or changes
 * as strict JSON; refused paths never reach the chart; the candidate is validated (lint + template
 * per environment through `deps.validator`) and the problems are fed back for at most 2 repair
 * rounds. The result tells apart:
 * - `converged`: `files` is the complete chart and validated cleanly (also cached);
 * - `gave-up`: the best attempt (fewest problems) with the problems still in it — show, don't write;
 * - `failed`: no chart (missing/invalid key, endpoint, timeout, cancel, unusable answers).
 * It never throws for these, never writes the chart itself, and never puts the API key in a
 * message, a progress line or the cache.
 */
export async function generateChartWithAI(request: AiRequest, deps: AiDeps): Promise<AiResult> {
  const settings = resolveLlmSettings(request.config, request.llm, deps.env);
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const ctx: ErrorContext = {
    model: settings.model,
    baseURL: settings.baseURL,
    keySource: deps.keySource,
    apiKey: deps.apiKey,
    timeoutMs,
  };
  const progress = (p: AiProgress) => deps.onProgress?.({ ...p, message: redact(p.message, deps.apiKey) });
  const maxRounds = Math.min(MAX_REPAIR_ROUNDS, Math.max(0, Math.floor(deps.maxRepairRounds ?? MAX_REPAIR_ROUNDS)));
  const attempts: AttemptReport[] = [];
  const notes: string[] = [];
  let session: ModelSession | undefined;
  let key = '';
  const common = () => ({
    model: settings.model,
    baseURL: settings.baseURL,
    promptVersion: PROMPT_VERSION,
    cacheKey: key,
    modelCalls: session?.calls ?? 0,
    attempts,
    notes: [...new Set(notes)],
  });
  const cancelled = () =>
    deps.signal?.aborted && fail('cancelled', 'AI generation was cancelled; nothing was written.');

  try {
    const invalid = settingsProblem(settings, deps.keySource);
    if (invalid) throw fail(invalid.code, invalid.message);
    if (!deps.apiKey?.trim()) throw missingKey(ctx);
    if (settings.temperature > 0.2)
      notes.push(
        `Temperature ${settings.temperature} is above the recommended 0.2: the same intent may give different charts.`,
      );

    progress({ phase: 'prompt', message: 'Compiling the reference chart' });
    const { base, chartName } = baseChart(request, deps, notes);
    key = cacheKey({
      intent: request.intent,
      intentText: request.intentText,
      config: request.config,
      settings,
      instruction: request.instruction,
      base,
    });

    const environments = validationEnvironments(request.intent, request.config);
    if (deps.cacheDir) {
      const hit = await readCache(deps.cacheDir, key);
      // A cache file lives in the workspace: anyone could have written it, so it is reviewed again.
      if (
        hit &&
        checkAnswerFiles(hit.files, deps.apiKey).rejected.length === 0 &&
        !chartSizeProblem(hit.files) &&
        answerContentProblems(hit.files).length === 0
      ) {
        progress({
          phase: 'cache',
          message: `Re-validating the cached chart for this intent and model (${key.slice(0, 12)})`,
        });
        const outcome = await validate(deps, hit.files, environments);
        if (outcome.problems.length === 0) {
          progress({
            phase: 'cache',
            message: `Using the cached chart for this intent and model (${key.slice(0, 12)})`,
          });
          return {
            ...common(),
            status: 'converged',
            files: hit.files,
            changedPaths: hit.changedPaths,
            fromCache: true,
          };
        }
      }
      if (hit) notes.push('The cached answer for this intent did not pass review again; it was not used.');
    }

    const messages: ChatMessage[] = buildMessages({
      intent: request.intent,
      intentText: request.intentText,
      config: request.config,
      base,
      baseKind: request.currentChart?.length ? 'current' : 'skeleton',
      instruction: request.instruction,
    });
    session = new ModelSession({
      settings,
      apiKey: deps.apiKey.trim(),
      keySource: deps.keySource,
      timeoutMs,
      maxRetries: deps.maxRetries ?? DEFAULT_MAX_RETRIES,
      maxRetryDelayMs: deps.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
      stream: deps.stream ?? true,
      maxOutputTokens: deps.maxOutputTokens,
      signal: deps.signal,
      onProgress: progress,
    });

    const candidate = new Map(base.map((f) => [f.path, f.content]));
    let best: Attempt | undefined;
    let unreadable: { message: string; truncated: boolean } | undefined;
    for (let round = 0; round <= maxRounds; round++) {
      const last = attempts[attempts.length - 1];
      progress(
        round === 0
          ? { phase: 'request', message: `Asking ${settings.model} at ${settings.baseURL} for the chart`, round }
          : {
              phase: 'repairing',
              message: `Asking ${settings.model} to fix ${last.problems.length} problem(s) (repair round ${round} of ${maxRounds})`,
              round,
            },
      );
      const answer = await session.complete(messages, round);
      messages.push({
        role: 'assistant',
        content: answer.text.length > MAX_ECHO_CHARS ? answer.text.slice(0, MAX_ECHO_CHARS) : answer.text,
      });

      const parsed = parseAnswer(answer.text, answer.finishReason);
      if (!parsed.ok) {
        unreadable = parsed;
        attempts.push({
          round,
          changedPaths: [],
          problems: [{ source: 'output', message: capitalize(parsed.message) + '.' }],
        });
        if (round < maxRounds)
          messages.push({ role: 'user', content: unreadableText(parsed.message, round + 1, maxRounds) });
        continue;
      }
      const checked = checkAnswerFiles(stripChartFolderPrefix(parsed.files, chartName), deps.apiKey);
      notes.push(...checked.notes);
      for (const file of checked.accepted) {
        if (file.content === '') candidate.delete(file.path);
        else candidate.set(file.path, file.content);
      }
      const files = sortedFiles(candidate);
      const size = chartSizeProblem(files);

      const cancel = cancelled();
      if (cancel) throw cancel;
      progress({
        phase: 'validating',
        message: `Validating round ${round}: helm lint --strict and helm template for ${environments.length} environment(s)`,
        round,
      });
      const outcome = await validate(deps, files, environments);
      notes.push(...(outcome.notes ?? []).map((n) => redact(n, deps.apiKey)));
      const found = outcome.problems.map((p) => ({ ...p, message: redact(p.message, deps.apiKey) }));
      const problems = [
        ...parsed.problems,
        ...checked.rejected,
        ...(size ? [size] : []),
        ...answerContentProblems(files),
        ...found,
      ];
      attempts.push({ round, changedPaths: checked.accepted.map((f) => f.path), problems });
      if (!best || problems.length < best.problems.length) best = { round, files, problems };
      if (problems.length === 0) {
        const changedPaths = changedSince(base, files);
        if (deps.cacheDir) {
          await writeCache(deps.cacheDir, key, { files, changedPaths }, { model: settings.model }).catch((e: Error) =>
            notes.push(`The chart could not be cached: ${e.message}`),
          );
        }
        progress({
          phase: 'done',
          message: `The chart validated cleanly after ${round === 0 ? 'the first answer' : `${round} repair round(s)`}`,
          round,
        });
        return { ...common(), status: 'converged', files, changedPaths, fromCache: false };
      }
      if (round < maxRounds)
        messages.push({ role: 'user', content: repairText(feedable(problems), round + 1, maxRounds) });
    }

    if (!best) {
      const reason = unreadable?.message ?? 'no usable answer';
      throw fail(
        unreadable?.truncated ? 'truncated' : 'bad-answer',
        `The model's answers could not be used (${reason}), also after ${maxRounds} repair round(s). Nothing was written.` +
          (unreadable?.truncated
            ? ' Use a model with a larger output limit, or raise its max output tokens.'
            : ' Try another model.'),
      );
    }
    progress({
      phase: 'done',
      message: `Gave up after ${maxRounds} repair round(s): ${best.problems.length} problem(s) remain; nothing should be written without review`,
      round: maxRounds,
    });
    return {
      ...common(),
      status: 'gave-up',
      files: best.files,
      changedPaths: changedSince(base, best.files),
      problems: best.problems,
    };
  } catch (error) {
    const state = { timedOut: false, cancelled: !!deps.signal?.aborted };
    const failure = explainError(error, ctx, state);
    const safe = { ...failure, message: redact(failure.message, deps.apiKey) };
    progress({ phase: 'done', message: safe.message });
    return { ...common(), status: 'failed', error: safe };
  }
}

/** The chart the model edits: the current chart for an update, else the compiler's skeleton. */
function baseChart(request: AiRequest, deps: AiDeps, notes: string[]): { base: ChartFile[]; chartName: string } {
  let raw: ChartFile[];
  try {
    raw = request.currentChart?.length
      ? request.currentChart
      : (deps.compile ?? compileChart)(request.intent, request.config);
  } catch (e) {
    throw fail(
      'bad-request',
      `The reference chart could not be compiled (${e instanceof Error ? e.message : String(e)}); fix the intent's reported problems first.`,
    );
  }
  const checked = checkAnswerFiles(raw);
  // Binary subcharts (charts/*.tgz) and other non-chart files of the current chart stay out of the prompt.
  for (const p of checked.rejected) notes.push(`Left out of the prompt: ${p.message}`);
  return { base: checked.accepted, chartName: request.intent.metadata?.name ?? 'chart' };
}

async function validate(deps: AiDeps, files: ChartFile[], environments: ValidationEnvironment[]) {
  try {
    const outcome = await deps.validator.validate(files, environments, deps.signal);
    const cancel = deps.signal?.aborted && fail('cancelled', 'AI generation was cancelled; nothing was written.');
    if (cancel) throw cancel;
    return outcome;
  } catch (e) {
    if (e instanceof AiError) throw e;
    throw fail(
      'validator-failed',
      `The chart could not be validated: ${e instanceof Error ? e.message : String(e)}. Nothing was written.`,
    );
  }
}

function sortedFiles(chart: Map<string, string>): ChartFile[] {
  return [...chart.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, content]) => ({ path, content }));
}

/** Paths added, changed or deleted relative to the base chart. */
function changedSince(base: ChartFile[], files: ChartFile[]): string[] {
  const before = new Map(base.map((f) => [f.path, f.content]));
  const after = new Map(files.map((f) => [f.path, f.content]));
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

/** Problems as fed back to the model: bounded in number and length. */
function feedable(problems: Problem[]): Problem[] {
  return problems
    .slice(0, MAX_FED_PROBLEMS)
    .map((p) =>
      p.message.length > MAX_PROBLEM_CHARS ? { ...p, message: p.message.slice(0, MAX_PROBLEM_CHARS) + ' …' } : p,
    );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
