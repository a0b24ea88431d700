import type { ChartFile } from '../compiler/types';
import type { AnyIntent } from '../model/effective-intent';
import type { PlatformConfig } from '../model/platform-config';

export type { ChartFile } from '../compiler/types';

/** One problem a validator found in a candidate chart (fed back to the model, shown to the user). */
export interface Problem {
  /** What found it: `helm lint`, `helm template`, `output` (the answer itself), or a review stage. */
  source: string;
  /** Chart-relative file, when known. */
  file?: string;
  /** Environments it occurred in (empty or absent: the base values). */
  environments?: string[];
  message: string;
}

/** An environment the chart must render for: its values file and the namespace it deploys to. */
export interface ValidationEnvironment {
  name: string;
  /** Chart-relative values file layered over values.yaml, e.g. `values-prod.yaml`. */
  valuesFile?: string;
  namespace?: string;
}

export interface ValidationOutcome {
  problems: Problem[];
  /** Things the user should know that are not problems, e.g. dependencies stubbed offline. */
  notes?: string[];
}

/**
 * Checks a candidate chart. The helm-backed one runs `helm lint --strict` and `helm template` per
 * environment; the full review pipeline implements the same interface.
 */
export interface ChartValidator {
  validate(files: ChartFile[], environments: ValidationEnvironment[], signal?: AbortSignal): Promise<ValidationOutcome>;
}

export type AiPhase = 'cache' | 'prompt' | 'request' | 'receiving' | 'retry' | 'validating' | 'repairing' | 'done';

export interface AiProgress {
  phase: AiPhase;
  /** One line for a progress notification. Never contains the API key. */
  message: string;
  /** 0 for the first answer, 1–2 for repair rounds. */
  round?: number;
}

/** Settings that override the platform config's `llm` section. */
export interface LlmOverrides {
  model?: string;
  /** The user's endpoint (editor user setting, CLI --llm-base-url): wins over everything else. */
  baseURL?: string;
  /** A repository-configured `llm.baseURL` the user explicitly confirmed (editor prompt). */
  confirmedRepoBaseURL?: string;
  temperature?: number;
}

export interface AiRequest {
  intent: AnyIntent;
  /** The intent file's text: when given, the prompt shows it (with the author's comments). */
  intentText?: string;
  /** The resolved platform config (its `llm` section supplies model, baseURL, temperature). */
  config: PlatformConfig;
  /** "Update chart with AI…": what the user asks for. */
  instruction?: string;
  /** The chart currently on disk: with an instruction it is the base the model edits. */
  currentChart?: ChartFile[];
  llm?: LlmOverrides;
}

export interface AiDeps {
  /** From VS Code SecretStorage or OPENAI_API_KEY; never logged, written or put in a message. */
  apiKey: string | undefined;
  /** Environment for OPENAI_BASE_URL (the user's endpoint); process.env when absent. */
  env?: NodeJS.ProcessEnv;
  /** Where the key comes from, so messages say what to do ('vscode': the Set API Key command). */
  keySource?: 'vscode' | 'cli';
  validator: ChartValidator;
  /** Folder for cached answers; no caching when absent. */
  cacheDir?: string;
  /** The reference skeleton; default `compileChart(intent, config)`. */
  compile?: (intent: AnyIntent, config: PlatformConfig) => ChartFile[];
  onProgress?: (progress: AiProgress) => void;
  signal?: AbortSignal;
  /** Per model call, including the streamed answer. Default 180 s. */
  timeoutMs?: number;
  /** Retries of a 429/5xx answer. Default 3. */
  maxRetries?: number;
  /** Longest wait between retries (also the largest Retry-After honoured). Default 60 s. */
  maxRetryDelayMs?: number;
  /** Repair rounds after the first answer. Default (and maximum) 2. */
  maxRepairRounds?: number;
  /** Stream the answer (progress while it arrives). Default true. */
  stream?: boolean;
  /** Cap on generated tokens (`max_completion_tokens`); the endpoint's default when absent. */
  maxOutputTokens?: number;
}

export type AiFailureCode =
  | 'missing-key'
  | 'invalid-key'
  | 'forbidden'
  | 'model-not-found'
  | 'unreachable'
  | 'timeout'
  | 'cancelled'
  | 'rate-limited'
  | 'server-error'
  | 'bad-request'
  | 'bad-answer'
  | 'truncated'
  | 'validator-failed'
  | 'endpoint-unconfirmed'
  | 'insecure-endpoint';

export interface AiFailure {
  code: AiFailureCode;
  /** What happened and what to do next. Never contains the API key. */
  message: string;
  /** HTTP status, when the endpoint answered. */
  status?: number;
}

export interface AttemptReport {
  round: number;
  /** Paths the model returned (added, changed, or deleted with empty content). */
  changedPaths: string[];
  problems: Problem[];
}

interface AiResultBase {
  model: string;
  baseURL: string;
  promptVersion: string;
  cacheKey: string;
  /** Model calls made by this run (0 on a cache hit). */
  modelCalls: number;
  attempts: AttemptReport[];
  notes: string[];
}

/** The chart validated cleanly: `files` is the complete chart, safe to offer for writing. */
export interface AiConverged extends AiResultBase {
  status: 'converged';
  files: ChartFile[];
  changedPaths: string[];
  fromCache: boolean;
}

/**
 * Repairs ran out: `files` is the best attempt (fewest problems) for display only — it must not be
 * written as if it were valid; `problems` are what is still wrong with it.
 */
export interface AiGaveUp extends AiResultBase {
  status: 'gave-up';
  files: ChartFile[];
  changedPaths: string[];
  problems: Problem[];
}

/** No chart at all (key, endpoint, timeout, unusable answers…). */
export interface AiFailed extends AiResultBase {
  status: 'failed';
  error: AiFailure;
}

export type AiResult = AiConverged | AiGaveUp | AiFailed;
