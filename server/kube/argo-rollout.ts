/**
 * Argo Rollouts status as kubectl-argo-rollouts computes it (utils/rollout/rolloututil.go
 * GetRolloutPhase/CalculateRolloutPhase, utils/replicaset GetCurrentCanaryStep /
 * GetCurrentSetWeight, CanaryStepString), on the plain API JSON.
 */
import type {
  AnalysisRunView,
  ArgoRolloutStatus,
  CanaryStepKind,
  CanaryStepView,
  Health,
} from '../protocol/status-protocol';

export interface ArgoPhase {
  /** Healthy, Progressing, Paused, Degraded. */
  phase: string;
  message: string;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** spec.replicas defaults to 1 (defaults.GetReplicasOrDefault). */
function desiredReplicas(ro: any): number {
  return typeof ro?.spec?.replicas === 'number' ? ro.spec.replicas : 1;
}

/** status.observedGeneration is a string on Rollouts; a non-numeric one (v0.9 hash) counts as observed. */
function generationObserved(ro: any): boolean {
  const raw = ro?.status?.observedGeneration;
  const observed = typeof raw === 'number' ? raw : /^\d+$/.test(String(raw ?? '')) ? Number(raw) : NaN;
  if (Number.isNaN(observed)) return true;
  const generation = num(ro?.metadata?.generation);
  return observed >= generation;
}

export function rolloutPhase(ro: any): ArgoPhase {
  const status = ro?.status ?? {};
  if (!generationObserved(ro))
    return { phase: 'Progressing', message: 'waiting for rollout spec update to be observed' };
  const pauseConditions = Array.isArray(status.pauseConditions) ? status.pauseConditions : [];
  if (status.controllerPause && pauseConditions.length === 0)
    return { phase: 'Progressing', message: 'waiting for rollout to unpause' };
  if (typeof status.phase === 'string' && status.phase)
    return { phase: status.phase, message: String(status.message ?? '') };
  return calculateRolloutPhase(ro);
}

/** Client-side phase for controllers older than v1.0 (no status.phase). */
export function calculateRolloutPhase(ro: any): ArgoPhase {
  const spec = ro?.spec ?? {};
  const status = ro?.status ?? {};
  for (const c of Array.isArray(status.conditions) ? status.conditions : []) {
    if (c?.type === 'InvalidSpec') return { phase: 'Degraded', message: `InvalidSpec: ${c.message ?? ''}` };
    if (c?.reason === 'RolloutAborted' || c?.reason === 'ProgressDeadlineExceeded')
      return { phase: 'Degraded', message: `${c.reason}: ${c.message ?? ''}` };
  }
  if (spec.paused) return { phase: 'Paused', message: 'manually paused' };
  const pauseConditions = Array.isArray(status.pauseConditions) ? status.pauseConditions : [];
  if (pauseConditions.length) return { phase: 'Paused', message: String(pauseConditions[0]?.reason ?? '') };
  if (spec.restartAt && spec.restartAt !== status.restartedAt)
    return { phase: 'Progressing', message: 'rollout is restarting' };
  if (num(status.updatedReplicas) < desiredReplicas(ro))
    return { phase: 'Progressing', message: 'more replicas need to be updated' };
  if (num(status.availableReplicas) < num(status.updatedReplicas))
    return { phase: 'Progressing', message: 'updated replicas are still becoming available' };
  const fullyPromoted = !!status.stableRS && status.stableRS === status.currentPodHash;
  if (spec.strategy?.blueGreen) {
    const active = status.blueGreen?.activeSelector;
    if (!active || active !== status.currentPodHash)
      return { phase: 'Progressing', message: 'active service cutover pending' };
    if (!fullyPromoted) {
      const post = status.blueGreen?.postPromotionAnalysisRunStatus;
      const completed = post && ['Successful', 'Failed', 'Error', 'Inconclusive'].includes(post.status);
      if (spec.strategy.blueGreen.postPromotionAnalysis && !completed)
        return { phase: 'Progressing', message: 'waiting for analysis to complete' };
      return { phase: 'Progressing', message: 'waiting for post-promotion verification to complete' };
    }
  } else if (spec.strategy?.canary) {
    if (!spec.strategy.canary.trafficRouting && num(status.replicas) > num(status.updatedReplicas))
      return { phase: 'Progressing', message: 'old replicas are pending termination' };
    if (!fullyPromoted) return { phase: 'Progressing', message: 'waiting for all steps to complete' };
  }
  return { phase: 'Healthy', message: '' };
}

export function canarySteps(ro: any): any[] {
  const steps = ro?.spec?.strategy?.canary?.steps;
  return Array.isArray(steps) ? steps : [];
}

/** GetCurrentCanaryStep: the index defaults to 0; undefined when the rollout has no canary steps. */
export function currentStepIndex(ro: any): number | undefined {
  if (canarySteps(ro).length === 0) return undefined;
  const i = ro?.status?.currentStepIndex;
  return typeof i === 'number' && i >= 0 ? i : 0;
}

/** GetCurrentSetWeight: 0 when aborted, 100 past the last step, else the last setWeight up to the current step. */
export function currentSetWeight(ro: any): number {
  if (ro?.status?.abort) return 0;
  const steps = canarySteps(ro);
  const index = currentStepIndex(ro);
  if (index === undefined || index >= steps.length) return 100;
  for (let i = index; i >= 0; i--) if (typeof steps[i]?.setWeight === 'number') return steps[i].setWeight;
  return 0;
}

/** CanaryStepString, with pause durations as written ("2m", or seconds as "30s"). */
export function describeStep(step: any): { kind: CanaryStepKind; label: string; weight?: number; duration?: string } {
  if (typeof step?.setWeight === 'number')
    return { kind: 'setWeight', label: `setWeight: ${step.setWeight}`, weight: step.setWeight };
  if (step?.pause !== undefined && step?.pause !== null) {
    const d = step.pause?.duration;
    const duration =
      d === undefined || d === null || d === ''
        ? undefined
        : typeof d === 'number' || /^\d+$/.test(String(d))
          ? `${d}s`
          : String(d);
    return { kind: 'pause', label: duration ? `pause: ${duration}` : 'pause', ...(duration ? { duration } : {}) };
  }
  if (step?.experiment) return { kind: 'experiment', label: 'experiment' };
  if (step?.analysis) return { kind: 'analysis', label: 'analysis' };
  if (step?.setCanaryScale) {
    const s = step.setCanaryScale;
    const label =
      typeof s.weight === 'number'
        ? `setCanaryScale{weight: ${s.weight}}`
        : s.matchTrafficWeight
          ? 'setCanaryScale{matchTrafficWeight: true}'
          : typeof s.replicas === 'number'
            ? `setCanaryScale{replicas: ${s.replicas}}`
            : 'invalid';
    return { kind: 'setCanaryScale', label };
  }
  if (step?.setHeaderRoute) return { kind: 'setHeaderRoute', label: 'setHeaderRoute' };
  if (step?.setMirrorRoute) return { kind: 'setMirrorRoute', label: 'setMirrorRoute' };
  if (step?.plugin) return { kind: 'plugin', label: `plugin: ${step.plugin?.name ?? ''}` };
  return { kind: 'unknown', label: 'invalid' };
}

export interface ArgoRolloutView {
  health: Health;
  done: boolean;
  /** As `kubectl argo rollouts status --watch` prints it: "Paused - CanaryPauseStep". */
  message: string;
  rollout: ArgoRolloutStatus;
}

/**
 * The rollout's view. `canaryPods`/`readyPods` (ready pods with the current pod hash / all ready
 * pods of the rollout) give the observed weight of a canary without traffic routing.
 */
export function argoRolloutView(
  ro: any,
  analysisRuns: any[] = [],
  pods?: { canaryReady: number; ready: number },
): ArgoRolloutView {
  const status = ro?.status ?? {};
  const { phase, message } = rolloutPhase(ro);
  const strategy = ro?.spec?.strategy?.canary ? 'canary' : ro?.spec?.strategy?.blueGreen ? 'blueGreen' : 'unknown';
  const steps = canarySteps(ro);
  const index = currentStepIndex(ro);
  const aborted = !!status.abort;
  const stepViews: CanaryStepView[] = steps.map((s, i) => ({
    index: i,
    ...describeStep(s),
    state: index === undefined ? 'pending' : i < index ? 'done' : i === index && !aborted ? 'current' : 'pending',
  }));
  const setWeight = strategy === 'canary' ? currentSetWeight(ro) : undefined;
  let actualWeight: number | undefined;
  if (strategy === 'canary') {
    const routed = status.canary?.weights?.canary?.weight;
    if (typeof routed === 'number') actualWeight = routed;
    else if (index === undefined || index >= steps.length) actualWeight = aborted ? 0 : 100;
    else if (ro?.spec?.strategy?.canary?.trafficRouting) actualWeight = setWeight;
    else if (pods && pods.ready > 0) actualWeight = Math.floor((pods.canaryReady * 100) / pods.ready);
    else actualWeight = 0;
  }
  const health: Health =
    phase === 'Healthy'
      ? 'healthy'
      : phase === 'Paused'
        ? 'paused'
        : phase === 'Degraded'
          ? aborted
            ? 'aborted'
            : 'degraded'
          : phase === 'Progressing'
            ? 'progressing'
            : phase === 'InvalidSpec'
              ? 'degraded'
              : 'unknown';
  return {
    health,
    done: phase === 'Healthy',
    message: message ? `${phase} - ${message}` : phase,
    rollout: {
      strategy,
      phase,
      ...(message ? { phaseMessage: message } : {}),
      ...(index !== undefined && typeof status.currentStepIndex === 'number'
        ? { currentStepIndex: status.currentStepIndex }
        : index !== undefined
          ? { currentStepIndex: index }
          : {}),
      steps: stepViews,
      ...(setWeight !== undefined ? { setWeight } : {}),
      ...(actualWeight !== undefined ? { actualWeight } : {}),
      paused: !!ro?.spec?.paused,
      aborted,
      pauseConditions: (Array.isArray(status.pauseConditions) ? status.pauseConditions : []).map((p: any) => ({
        reason: String(p?.reason ?? ''),
        ...(p?.startTime ? { startTime: String(p.startTime) } : {}),
      })),
      analysisRuns: analysisRunViews(ro, analysisRuns),
      ...(status.stableRS ? { stableRS: String(status.stableRS) } : {}),
      ...(status.currentPodHash ? { currentPodHash: String(status.currentPodHash) } : {}),
    },
  };
}

/** The rollout's analysis runs: the AnalysisRun objects it owns, plus any the status names but we could not read. */
function analysisRunViews(ro: any, runs: any[]): AnalysisRunView[] {
  const status = ro?.status ?? {};
  const roles = new Map<string, AnalysisRunView['role']>();
  const named: Array<[any, AnalysisRunView['role']]> = [
    [status.canary?.currentStepAnalysisRunStatus, 'step'],
    [status.canary?.currentBackgroundAnalysisRunStatus, 'background'],
    [status.blueGreen?.prePromotionAnalysisRunStatus, 'pre-promotion'],
    [status.blueGreen?.postPromotionAnalysisRunStatus, 'post-promotion'],
  ];
  for (const [s, role] of named) if (s?.name) roles.set(String(s.name), role);
  const uid = ro?.metadata?.uid;
  const owned = runs.filter((r) =>
    (r?.metadata?.ownerReferences ?? []).some(
      (o: any) => (uid && o?.uid === uid) || (o?.kind === 'Rollout' && o?.name === ro?.metadata?.name),
    ),
  );
  const views: AnalysisRunView[] = owned
    .sort((a, b) =>
      String(b?.metadata?.creationTimestamp ?? '').localeCompare(String(a?.metadata?.creationTimestamp ?? '')),
    )
    .map((r) => ({
      name: String(r.metadata?.name ?? ''),
      phase: String(r.status?.phase ?? 'Pending'),
      ...(r.status?.message ? { message: String(r.status.message) } : {}),
      role: roles.get(String(r.metadata?.name)) ?? 'other',
    }));
  for (const [s, role] of named) {
    if (s?.name && !views.some((v) => v.name === s.name))
      views.push({
        name: String(s.name),
        phase: String(s.status ?? 'Pending'),
        ...(s.message ? { message: String(s.message) } : {}),
        role,
      });
  }
  return views;
}
