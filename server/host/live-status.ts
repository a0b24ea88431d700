/**
 * The Live status panel's source, as the Chart Review host sees it: the status engine
 * (kube-status-source.ts) or a test's stand-in, handed to the panel in its context. No vscode import.
 */
import type { HelmActionKind, HelmActionParams } from '../kube/actions';
import type { ActionPreview, ActionResult, StatusModel } from '../protocol/status-protocol';
import type { RolloutAction } from '../protocol/webview-protocol';

export interface StatusTarget {
  chartDir: string;
  /** Helm release name (the chart name unless configured). */
  releaseName: string;
  /** apiVersion/kind pairs the chart renders, for runtime API discovery. */
  apis: Array<{ apiVersion: string; kind: string }>;
  /** The user's pick in the panel (else the kubeconfig's current context and its namespace). */
  context?: string;
  namespace?: string;
}

export interface StatusSubscription {
  /** Switch context and/or namespace (the next models come from there). */
  select(context?: string, namespace?: string): void;
  dispose(): void;
}

export interface LiveStatusSource {
  /** Starts watching the release; `onModel` gets every new model until disposed (the panel disposes when hidden). */
  watch(target: StatusTarget, onModel: (model: StatusModel) => void): StatusSubscription;
  /**
   * Plans a rollout action on the rollout as it is now: the exact preview for the confirmation
   * dialog, and run() executing exactly that (refused by the source itself when `readOnly`).
   */
  planRolloutAction?(
    action: RolloutAction,
    target: { namespace: string; name: string; context?: string },
    guard: { readOnly: boolean },
  ): Promise<PlannedAction>;
  /**
   * Plans a helm dry-run/install/upgrade/rollback: the exact command line for the confirmation
   * dialog, and run() executing exactly that (refused by the source itself when `readOnly`).
   */
  planHelmAction?(
    kind: HelmActionKind,
    params: HelmActionParams,
    options: { readOnly: boolean; helmPath?: string },
  ): Promise<PlannedAction>;
  /** The last log lines of a container (the previous run for crash loops). */
  logs?(namespace: string, pod: string, container?: string, context?: string): Promise<string[]>;
}

export interface PlannedAction {
  preview: ActionPreview;
  run(): Promise<ActionResult>;
}
