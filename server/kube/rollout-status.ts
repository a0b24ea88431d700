/**
 * kubectl's `rollout status` semantics (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go)
 * for Deployments, StatefulSets and DaemonSets, on the plain API JSON. Each viewer returns the
 * exact message kubectl prints (without the trailing newline), whether the rollout is done, and
 * kubectl's error text when kubectl would fail (progress deadline exceeded, non-rolling strategy).
 */

export interface RolloutStatusResult {
  message: string;
  done: boolean;
  /** kubectl exits non-zero with this message. */
  error?: string;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
/** spec.replicas is a pointer in Go: absent means "not checked" in kubectl's tests. */
const optNum = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The Progressing condition's reason when a Deployment exceeded spec.progressDeadlineSeconds. */
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';

export function deploymentStatus(d: any): RolloutStatusResult {
  const name = String(d?.metadata?.name ?? '');
  const generation = num(d?.metadata?.generation);
  const status = d?.status ?? {};
  if (generation <= num(status.observedGeneration)) {
    const progressing = (Array.isArray(status.conditions) ? status.conditions : []).find(
      (c: any) => c?.type === 'Progressing',
    );
    if (progressing?.reason === TIMED_OUT_REASON) {
      return {
        message: `deployment ${q(name)} exceeded its progress deadline`,
        done: false,
        error: `deployment ${q(name)} exceeded its progress deadline`,
      };
    }
    const replicas = optNum(d?.spec?.replicas);
    const updated = num(status.updatedReplicas);
    if (replicas !== undefined && updated < replicas) {
      return {
        message: `Waiting for deployment ${q(name)} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`,
        done: false,
      };
    }
    if (num(status.replicas) > updated) {
      return {
        message: `Waiting for deployment ${q(name)} rollout to finish: ${num(status.replicas) - updated} old replicas are pending termination...`,
        done: false,
      };
    }
    if (num(status.availableReplicas) < updated) {
      return {
        message: `Waiting for deployment ${q(name)} rollout to finish: ${num(status.availableReplicas)} of ${updated} updated replicas are available...`,
        done: false,
      };
    }
    return { message: `deployment ${q(name)} successfully rolled out`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...', done: false };
}

/** kubectl's answer for a StatefulSet or DaemonSet that is not rolled out by RollingUpdate (OnDelete). */
function notRollingUpdate(workload: any): RolloutStatusResult | undefined {
  // The API server defaults updateStrategy.type to RollingUpdate; an object without it came from it anyway.
  if ((workload?.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') return undefined;
  const error = 'rollout status is only available for RollingUpdate strategy type';
  return { message: error, done: true, error };
}

export function statefulSetStatus(s: any): RolloutStatusResult {
  const notRolling = notRollingUpdate(s);
  if (notRolling) return notRolling;
  const status = s?.status ?? {};
  const observed = num(status.observedGeneration);
  if (observed === 0 || num(s?.metadata?.generation) > observed)
    return { message: 'Waiting for statefulset spec update to be observed...', done: false };
  const replicas = optNum(s?.spec?.replicas);
  if (replicas !== undefined && num(status.readyReplicas) < replicas) {
    return { message: `Waiting for ${replicas - num(status.readyReplicas)} pods to be ready...`, done: false };
  }
  const rolling = s?.spec?.updateStrategy?.rollingUpdate;
  if (rolling) {
    const partition = optNum(rolling.partition);
    if (replicas !== undefined && partition !== undefined && num(status.updatedReplicas) < replicas - partition) {
      return {
        message: `Waiting for partitioned roll out to finish: ${num(status.updatedReplicas)} out of ${replicas - partition} new pods have been updated...`,
        done: false,
      };
    }
    return {
      message: `partitioned roll out complete: ${num(status.updatedReplicas)} new pods have been updated...`,
      done: true,
    };
  }
  if (status.updateRevision !== status.currentRevision) {
    return {
      message: `waiting for statefulset rolling update to complete ${num(status.updatedReplicas)} pods at revision ${status.updateRevision ?? ''}...`,
      done: false,
    };
  }
  return {
    message: `statefulset rolling update complete ${num(status.currentReplicas)} pods at revision ${status.currentRevision ?? ''}...`,
    done: true,
  };
}

export function daemonSetStatus(d: any): RolloutStatusResult {
  const notRolling = notRollingUpdate(d);
  if (notRolling) return notRolling;
  const name = String(d?.metadata?.name ?? '');
  const status = d?.status ?? {};
  if (num(d?.metadata?.generation) <= num(status.observedGeneration)) {
    const desired = num(status.desiredNumberScheduled);
    if (num(status.updatedNumberScheduled) < desired) {
      return {
        message: `Waiting for daemon set ${q(name)} rollout to finish: ${num(status.updatedNumberScheduled)} out of ${desired} new pods have been updated...`,
        done: false,
      };
    }
    if (num(status.numberAvailable) < desired) {
      return {
        message: `Waiting for daemon set ${q(name)} rollout to finish: ${num(status.numberAvailable)} of ${desired} updated pods are available...`,
        done: false,
      };
    }
    return { message: `daemon set ${q(name)} successfully rolled out`, done: true };
  }
  return { message: 'Waiting for daemon set spec update to be observed...', done: false };
}

/** Go's %q for the names kubectl prints (DNS names: quoting is enough, escapes for safety). */
function q(s: string): string {
  return JSON.stringify(s);
}
