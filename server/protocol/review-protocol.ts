/** Custom LSP messages for chart review between the VS Code client and the language server. */

export const VALIDATE_CHART = 'helmIntent/validateChart';
export const REVIEW_STATUS = 'helmIntent/reviewStatus';
export const SETTINGS_CHANGED = 'helmIntent/settings';

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

export const DISABLE_RULE_EDIT = 'helmIntent/disableRuleEdit';

export interface DisableRuleEditParams {
  chartYamlUri: string;
  rule: string;
  reason: string;
}

/** The Chart Review webview's data (server/protocol/webview-protocol.ts ReviewData) from the review. */
export const REVIEW_DATA = 'helmIntent/reviewData';

export interface ReviewDataParams {
  chartDir: string;
}
