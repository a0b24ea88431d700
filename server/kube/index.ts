/**
 * The live status engine's public surface (for the status panel, the review and the CLI). The
 * model it produces is typed in server/protocol/status-protocol.ts.
 *
 * - StatusWatcher: start() → first model; onModel(listener) for every coalesced change; stop()
 *   when the panel is hidden. Switching context or namespace = stop() and a new watcher with the
 *   new `context` / `namespace` (the model's cluster.contexts lists the choices).
 * - statusSnapshot(): one model, no watches (CLI without --watch).
 * - checkServedApis(): runtime discovery for the review (e.g. Rollout without the Argo CRD).
 * - model.gitops: the Flux HelmRelease / Argo CD Application deploying the release, when those
 *   CRDs are served (gitops-status.ts; looked for in the release's namespace, flux-system, argocd).
 * - planHelmAction / planRolloutAction: guarded actions; show `preview.commands` in the
 *   confirmation, then call run(); pass `readOnly` from helmIntent.readOnly / workspace trust.
 */
import type { ApiAvailability, ClusterInfo } from '../protocol/status-protocol';
import { Discovery } from './discovery';
import { KubeApiError, KubeClient } from './kube-client';
import { loadKubeConfig, type KubeConfigOptions } from './kubeconfig';

export { StatusWatcher, statusSnapshot, type StatusWatcherOptions } from './status-watcher';
export { loadKubeConfig, kubeconfigFiles, type KubeConfigOptions } from './kubeconfig';
export {
  planHelmAction,
  planRolloutAction,
  helmActionArgs,
  rolloutPatches,
  ActionRefusedError,
  type PlannedAction,
  type HelmActionParams,
  type RolloutActionParams,
} from './actions';
export { renderStatusText } from './status-text';
export { buildStatusModel } from './status-model';

/**
 * Which of the given apiVersion/kinds the cluster of the (current or given) context serves.
 * Never throws: an unusable cluster is returned as `cluster.state` with no `apis`.
 */
export async function checkServedApis(
  wanted: Array<{ apiVersion: string; kind: string }>,
  options: KubeConfigOptions = {},
): Promise<{ cluster: ClusterInfo; apis?: ApiAvailability[] }> {
  const loaded = await loadKubeConfig(options);
  if (!loaded.kc || loaded.info.state !== 'ok') return { cluster: loaded.info };
  try {
    const apis = await new Discovery(new KubeClient(loaded.kc)).check(wanted);
    return { cluster: loaded.info, apis };
  } catch (e) {
    const err = e instanceof KubeApiError ? e : new KubeApiError(String((e as Error)?.message ?? e), 0);
    const state = err.state === 'ok' ? 'unreachable' : err.state;
    return {
      cluster: {
        ...loaded.info,
        state,
        message: err.message,
        nextStep:
          state === 'unreachable'
            ? 'Check that the cluster is running and reachable, then refresh.'
            : 'Check your credentials and access for this context.',
      },
    };
  }
}
