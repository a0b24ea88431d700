/**
 * The default Live status source: the status engine (server/kube/status-watcher.ts) watching the
 * chart's release with the kubeconfig as kubectl reads it. A context/namespace switch restarts the
 * watcher; disposing stops every watch. Rollout actions are planned by server/kube/actions.ts (the
 * kubectl-argo-rollouts patches, previewed exactly). No vscode import.
 */
import { planHelmAction, planRolloutAction, type HelmActionKind, type HelmActionParams } from '../kube/actions';
import { unavailableModel } from '../kube/status-model';
import { StatusWatcher, type StatusWatcherOptions } from '../kube/status-watcher';
import type { StatusModel } from '../protocol/status-protocol';
import type { RolloutAction } from '../protocol/webview-protocol';
import type { LiveStatusSource, PlannedAction, StatusSubscription, StatusTarget } from './live-status';

export class KubeStatusSource implements LiveStatusSource {
  constructor(private readonly base: Omit<StatusWatcherOptions, 'release' | 'apis'> = {}) {}

  watch(target: StatusTarget, onModel: (model: StatusModel) => void): StatusSubscription {
    let options: StatusWatcherOptions = {
      ...this.base,
      release: target.releaseName,
      apis: target.apis,
      ...(target.context ? { context: target.context } : {}),
      ...(target.namespace ? { namespace: target.namespace } : {}),
    };
    let watcher: StatusWatcher | undefined;
    let disposed = false;
    const start = () => {
      const w = new StatusWatcher(options);
      watcher = w;
      w.onModel((m) => {
        if (!disposed && watcher === w) onModel(m);
      });
      // start() publishes through onModel too; a failure to even begin is a model, never a throw.
      w.start().catch((e: unknown) => {
        if (disposed || watcher !== w) return;
        const message = e instanceof Error ? e.message : String(e);
        onModel(
          unavailableModel(
            {
              state: 'config-error',
              context: options.context,
              namespace: options.namespace ?? 'default',
              contexts: [],
              kubeconfigFiles: [],
              message,
              nextStep: 'Check the kubeconfig (KUBECONFIG, ~/.kube/config) and the Helm Intent output.',
            },
            options.release,
          ),
        );
      });
    };
    start();
    return {
      select(context?: string, namespace?: string) {
        if (disposed) return;
        watcher?.stop();
        options = { ...options, ...(context ? { context } : {}), ...(namespace ? { namespace } : {}) };
        start();
      },
      dispose() {
        disposed = true;
        watcher?.stop();
        watcher = undefined;
      },
    };
  }

  async planRolloutAction(
    action: RolloutAction,
    target: { namespace: string; name: string; context?: string },
    guard: { readOnly: boolean },
  ): Promise<PlannedAction> {
    const params = {
      ...this.base,
      name: target.name,
      namespace: target.namespace,
      ...(target.context ? { context: target.context } : {}),
    };
    return planRolloutAction(`rollout-${action}`, params, guard);
  }

  async planHelmAction(
    kind: HelmActionKind,
    params: HelmActionParams,
    options: { readOnly: boolean; helmPath?: string },
  ): Promise<PlannedAction> {
    // helm reads KUBECONFIG itself; an explicit kubeconfig of this source is passed on as --kubeconfig.
    return planHelmAction(
      kind,
      { ...(this.base.kubeconfig ? { kubeconfig: this.base.kubeconfig } : {}), ...params },
      {
        readOnly: options.readOnly,
        ...(options.helmPath ? { helmPath: options.helmPath } : {}),
        ...(this.base.env ? { env: envStrings(this.base.env) } : {}),
      },
    );
  }
}

/** The source's environment for helm (KUBECONFIG, HOME), without unset entries. */
function envStrings(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
