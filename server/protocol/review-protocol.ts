/** Custom LSP messages for chart review, typed once for the VS Code client and the language server. */
import { NotificationType, RequestType, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { ReviewData } from './webview-protocol';

/** What the client tells the server at start (initializationOptions) and on change. */
export interface ServerSettings {
  /** Workspace trust: without it the server analyses files but runs no program (helm). */
  trusted: boolean;
  helmPath?: string;
  kubernetesVersion?: string;
  /** Review charts on open/save. */
  reviewOnSave?: boolean;
}

export interface ValidateChartParams {
  /** Any file inside the chart, the chart folder, or an intent with a generated chart. */
  uri: string;
}

export interface ReviewStatus {
  chartDir: string;
  chartName: string;
  state: 'running' | 'done' | 'failed' | 'untrusted';
  errors: number;
  warnings: number;
  environments: string[];
  millis?: number;
  message?: string;
}

export interface DisableRuleEditParams {
  chartYamlUri: string;
  rule: string;
  reason: string;
}

export interface ReviewDataParams {
  chartDir: string;
}

export const VALIDATE_CHART = new RequestType<ValidateChartParams, ReviewStatus, void>('helmIntent/validateChart');
export const REVIEW_STATUS = new NotificationType<ReviewStatus>('helmIntent/reviewStatus');
export const SETTINGS_CHANGED = new NotificationType<Partial<ServerSettings>>('helmIntent/settings');
/** The edit that opts a chart out of a rule (Chart.yaml annotation); null when there is nothing to change. */
export const DISABLE_RULE_EDIT = new RequestType<DisableRuleEditParams, WorkspaceEdit | null, void>(
  'helmIntent/disableRuleEdit',
);
/** The Chart Review webview's data from the review: the objects and the findings of the Problems panel. */
export const REVIEW_DATA = new RequestType<ReviewDataParams, ReviewData, void>('helmIntent/reviewData');
