/** Pod summaries: readiness, restarts and the container problems a rollout gets stuck on. */
import type { PodContainerProblem, PodStatus } from '../protocol/status-protocol';

/** Waiting reasons that mean the container will not start by itself (kubectl's appendWarning list, plus a few). */
export const PROBLEM_WAITING_REASONS = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

export function podSummary(pod: any): PodStatus {
  const status = pod?.status ?? {};
  const containers: any[] = Array.isArray(status.containerStatuses) ? status.containerStatuses : [];
  const inits: any[] = Array.isArray(status.initContainerStatuses) ? status.initContainerStatuses : [];
  const specCount = Array.isArray(pod?.spec?.containers) ? pod.spec.containers.length : containers.length;
  let readyContainers = 0;
  let restarts = 0;
  const waiting: PodContainerProblem[] = [];
  const terminated: PodContainerProblem[] = [];
  for (const c of [...inits, ...containers]) {
    restarts += typeof c?.restartCount === 'number' ? c.restartCount : 0;
    const name = String(c?.name ?? '');
    const w = c?.state?.waiting;
    if (w?.reason && PROBLEM_WAITING_REASONS.has(w.reason)) {
      waiting.push({
        container: name,
        reason: String(w.reason),
        state: 'waiting',
        ...(w.message ? { message: String(w.message) } : {}),
      });
    }
    // The current run terminated (OOMKilled while not restarting yet) or the previous one did.
    const t =
      c?.state?.terminated?.reason && c.state.terminated.reason !== 'Completed'
        ? c.state.terminated
        : c?.lastState?.terminated;
    if (t?.reason && t.reason !== 'Completed') {
      terminated.push({
        container: name,
        reason: String(t.reason),
        state: 'terminated',
        ...(typeof t.exitCode === 'number' ? { exitCode: t.exitCode } : {}),
        ...(t.message ? { message: String(t.message) } : {}),
        ...(t.finishedAt ? { finishedAt: String(t.finishedAt) } : {}),
      });
    }
  }
  for (const c of containers) if (c?.ready) readyContainers++;
  const readyCondition = (Array.isArray(status.conditions) ? status.conditions : []).find(
    (c: any) => c?.type === 'Ready',
  );
  const scheduled = (Array.isArray(status.conditions) ? status.conditions : []).find(
    (c: any) => c?.type === 'PodScheduled',
  );
  return {
    name: String(pod?.metadata?.name ?? ''),
    namespace: String(pod?.metadata?.namespace ?? ''),
    phase: pod?.metadata?.deletionTimestamp ? 'Terminating' : String(status.phase ?? 'Unknown'),
    ready: readyCondition ? readyCondition.status === 'True' : readyContainers === specCount && specCount > 0,
    readyContainers,
    totalContainers: specCount,
    restarts,
    ...(pod?.spec?.nodeName ? { node: String(pod.spec.nodeName) } : {}),
    problems: [...waiting, ...terminated],
    ...(status.startTime ? { startedAt: String(status.startTime) } : {}),
    ...(scheduled?.status === 'False' && scheduled?.reason === 'Unschedulable'
      ? { unschedulable: String(scheduled.message ?? 'unschedulable') }
      : {}),
  };
}

/** The memory limit of a container, for the OOMKilled hint. */
export function containerMemoryLimit(pod: any, container: string): string | undefined {
  const c = (pod?.spec?.containers ?? []).find((x: any) => x?.name === container);
  const limit = c?.resources?.limits?.memory;
  return limit === undefined ? undefined : String(limit);
}

/** The image of a container, for the image-pull hint. */
export function containerImage(pod: any, container: string): string | undefined {
  const c = [...(pod?.spec?.containers ?? []), ...(pod?.spec?.initContainers ?? [])].find(
    (x: any) => x?.name === container,
  );
  return c?.image ? String(c.image) : undefined;
}
