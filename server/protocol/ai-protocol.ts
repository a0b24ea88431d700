/**
 * The custom LSP request behind "Generate Chart with AI" and "Update Chart with AI…".
 * A typed request definition imported by both sides: method, parameters and result are written once.
 */
import { RequestType, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';
import type { AiFailureCode, LlmOverrides, Problem } from '../llm/types';
import type { PlanChartResult } from './generate-protocol';

/** `workDoneToken` (optional): the server reports the generator's phases as `$/progress` on it. */
export interface PlanChartWithAIParams extends WorkDoneProgressParams {
  /** The intent document (open or on disk). */
  uri: string;
  /** "Update Chart with AI…": what to change. The chart on disk is then the base the model edits. */
  instruction?: string;
  /** From VS Code SecretStorage. Used for the model call only: never logged, cached or returned. */
  apiKey: string;
  /** Overwrite files the user edited since the last generation. */
  force?: boolean;
  /** The `helmIntent.ai.*` settings; they override the platform config's `llm` section. */
  llm?: LlmOverrides;
  /** The `helmIntent.helmPath` setting (machine-scoped); $HELM_INTENT_HELM wins over it. */
  helmPath?: string;
}

/** What every AI outcome carries about the run. */
interface AiRunSummary {
  model: string;
  baseURL: string;
  promptVersion: string;
  /** Model calls made (0 when the chart came from the cache). */
  modelCalls: number;
  /** Answers validated: 1 for the first answer, +1 per repair round. */
  rounds: number;
  notes: string[];
  /** Wall time of the whole AI run. */
  durationMs: number;
}

export interface AiConvergedOutcome extends AiRunSummary {
  status: 'converged';
  fromCache: boolean;
  /** Paths the model added, changed or deleted relative to its base chart. */
  changedPaths: string[];
}

/** Repairs ran out: nothing is planned; `files` is the best attempt's file list, for display. */
export interface AiGaveUpOutcome extends AiRunSummary {
  status: 'gave-up';
  problems: Problem[];
  files: string[];
  changedPaths: string[];
}

export interface AiFailedOutcome extends AiRunSummary {
  status: 'failed';
  code: AiFailureCode;
  /** What happened and what to do next (never contains the key). */
  message: string;
}

export type AiOutcome = AiConvergedOutcome | AiGaveUpOutcome | AiFailedOutcome;

/**
 * The planChart result plus the AI outcome. Converged: the same plan as `helmIntent/planChart`
 * (`compileMs` is the whole AI run), to preview and then record with `helmIntent/recordChart`.
 * Otherwise `ok: false` and no plan; `ai` is absent when the request was refused before the model
 * ran (an intent with errors: `errors` locates them).
 */
export type PlanChartWithAIResult =
  | (Extract<PlanChartResult, { ok: true }> & { ai: AiConvergedOutcome })
  | (Extract<PlanChartResult, { ok: false }> & { ai?: AiOutcome });

export const PLAN_CHART_WITH_AI = new RequestType<PlanChartWithAIParams, PlanChartWithAIResult, void>(
  'helmIntent/planChartWithAI',
);
