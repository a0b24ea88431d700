/**
 * Custom LSP requests between the VS Code client and the language server for chart generation.
 * Typed request definitions imported by both sides: method, parameters and result are written once.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { PlannedFile } from '../compiler/output/write-plan';

export interface PlanChartParams {
  /** The intent document (open or on disk). */
  uri: string;
  /** Overwrite files the user edited since the last generation. */
  force?: boolean;
}

/** One file of a plan, exactly as the write planner computes it (create/update/merge/conflict/keep…). */
export type PlannedChartFile = PlannedFile;

export type PlanChartResult =
  | { ok: true; chartName: string; chartDir: string; chartDirUri: string; files: PlannedChartFile[]; compileMs: number }
  | { ok: false; message: string; errors: Array<{ line: number; character: number; code: string; message: string }> };

export interface RecordChartParams {
  chartDir: string;
  intentUri: string;
  /** Every file the plan generated; only those now on disk with exactly this content are recorded. */
  files: Array<{ path: string; content?: string; written?: string }>;
}

export interface RecordChartResult {
  recorded: number;
  /** Generated files that are not on disk as generated (the user unticked them in the preview). */
  skipped: string[];
}

export const PLAN_CHART = new RequestType<PlanChartParams, PlanChartResult, void>('helmIntent/planChart');
export const RECORD_CHART = new RequestType<RecordChartParams, RecordChartResult, void>('helmIntent/recordChart');
