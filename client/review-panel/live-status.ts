/**
 * The Live status panel's source: the kube side (server/kube) plugs in here with
 * setLiveStatusSource(); until then the panel says live status is not connected. No vscode import.
 */
import type { ActionPreview, ActionResult, StatusModel } from '../../server/protocol/status-protocol';
import type { RolloutAction } from '../../server/protocol/webview-protocol';

export interface StatusTarget {
  chartDir: string;
  /** Helm release name (the chart name unless configured). */
  releaseName: string;
  /** apiVersion/kind pairs the chart renders, for runtime API discovery. */
  apis: Array<{ apiVersion: string; kind: string }>;
}

export interface StatusSubscription {
  /** Switch context and/or namespace (the next models come from there). */
  select(context?: string, namespace?: string): void;
  dispose(): void;
}

export interface LiveStatusSource {
  /** Starts watching the release; `onModel` gets every new model until disposed (the panel disposes when hidden). */
  watch(target: StatusTarget, onModel: (model: StatusModel) => void): StatusSubscription;
  /** Exactly what a rollout action will run, for the confirmation dialog. */
  previewRolloutAction?(action: RolloutAction, namespace: string, name: string, context?: string): Promise<ActionPreview>;
  /** Runs a previewed action (after the user confirmed it). */
  runAction?(preview: ActionPreview): Promise<ActionResult>;
  /** The last log lines of a container (the previous run for crash loops). */
  logs?(namespace: string, pod: string, container?: string, context?: string): Promise<string[]>;
}

let source: LiveStatusSource | undefined;

export function setLiveStatusSource(s: LiveStatusSource | undefined): void {
  source = s;
}

export function liveStatusSource(): LiveStatusSource | undefined {
  return source;
}
