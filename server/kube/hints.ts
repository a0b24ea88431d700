/**
 * Health hints: what a stuck rollout's pods and workloads say, turned into one actionable hint per
 * cause and workload (30 OOMKilled pods of one Deployment are one hint, not 30).
 */
import { quantityValue } from '../core/quantity';
import { BUILT_IN_PROFILES, type ResourceProfile } from '../model/platform-config';
import type { ApiAvailability, HealthHint, PodStatus, WorkloadStatus } from '../protocol/status-protocol';
import { containerImage, containerMemoryLimit } from './pods';

export interface PodWithOwner {
  raw: any;
  summary: PodStatus;
}

/** The smallest profile whose memory limit is above `limit` (profiles of the platform config, or the built-in ones). */
export function largerProfileThan(
  limit: string | undefined,
  profiles: Record<string, ResourceProfile> = BUILT_IN_PROFILES,
): string | undefined {
  const current = quantityValue(limit);
  if (current === undefined) return undefined;
  let best: { name: string; bytes: number } | undefined;
  for (const [name, p] of Object.entries(profiles)) {
    const bytes = quantityValue(p.limits?.memory);
    if (bytes !== undefined && bytes > current && (!best || bytes < best.bytes)) best = { name, bytes };
  }
  return best?.name;
}

export function podHints(
  pods: PodWithOwner[],
  logs: Map<string, string[]>,
  profiles?: Record<string, ResourceProfile>,
): HealthHint[] {
  const byKey = new Map<string, { hint: HealthHint; pods: Set<string> }>();
  const add = (key: string, pod: string, make: () => HealthHint) => {
    const found = byKey.get(key);
    if (found) found.pods.add(pod);
    else byKey.set(key, { hint: make(), pods: new Set([pod]) });
  };
  for (const { raw, summary } of pods) {
    const owner = summary.owner ?? `Pod/${summary.name}`;
    for (const p of summary.problems) {
      const object = `Pod/${summary.name}`;
      if (p.reason === 'OOMKilled') {
        add(`oom ${owner} ${p.container}`, summary.name, () => {
          const limit = containerMemoryLimit(raw, p.container);
          const larger = largerProfileThan(limit, profiles);
          return {
            kind: 'oom-killed',
            severity: 'error',
            object,
            message: `Container ${p.container} of ${owner} was OOMKilled${limit ? ` (memory limit ${limit})` : ' (no memory limit set)'}.`,
            suggestion: larger
              ? `Give it more memory: set spec.resources.profile to ${larger} in the intent (or raise spec.resources.limits.memory), then regenerate and upgrade.`
              : 'Give it more memory: raise spec.resources.limits.memory in the intent (or pick a larger profile), then regenerate and upgrade.',
            intentField: 'spec.resources',
            data: {
              container: p.container,
              ...(limit ? { memoryLimit: limit } : {}),
              ...(larger ? { suggestedProfile: larger } : {}),
            },
          };
        });
      } else if (p.reason === 'CrashLoopBackOff') {
        add(`crash ${owner} ${p.container}`, summary.name, () => {
          const last = summary.problems.find((x) => x.state === 'terminated' && x.container === p.container);
          const tail = logs.get(`${summary.name}/${p.container}`);
          return {
            kind: 'crash-loop',
            severity: 'error',
            object,
            message: `Container ${p.container} of ${owner} is in CrashLoopBackOff${last ? ` (last exit: ${last.reason}${last.exitCode !== undefined ? `, code ${last.exitCode}` : ''})` : ''}.`,
            suggestion: tail?.length
              ? 'Read the last log lines of the previous run below; check the command, configuration and secrets it needs, and the liveness probe (spec.probe).'
              : `Read its log (kubectl logs ${summary.name} -c ${p.container} --previous); check the command, configuration and the liveness probe (spec.probe).`,
            intentField: 'spec.probe',
            data: { container: p.container, pod: summary.name, restarts: summary.restarts },
            ...(tail?.length ? { logTail: tail } : {}),
          };
        });
      } else if (p.reason === 'ImagePullBackOff' || p.reason === 'ErrImagePull' || p.reason === 'InvalidImageName') {
        add(`pull ${owner} ${p.container}`, summary.name, () => {
          const image = containerImage(raw, p.container);
          return {
            kind: 'image-pull',
            severity: 'error',
            object,
            message: `${owner} cannot pull ${image ?? `the image of ${p.container}`} (${p.reason}).`,
            suggestion:
              'Check that the tag (spec.image.tag) exists in the repository (spec.image.repository), that the registry is reachable from the cluster, and that pull credentials (imagePullSecrets) are set if it is private.',
            intentField: 'spec.image',
            data: { container: p.container, ...(image ? { image } : {}), ...(p.message ? { detail: p.message } : {}) },
          };
        });
      }
    }
    if (summary.unschedulable) {
      add(`sched ${owner}`, summary.name, () => ({
        kind: 'unschedulable',
        severity: 'warning',
        object: `Pod/${summary.name}`,
        message: `Pods of ${owner} cannot be scheduled: ${summary.unschedulable}`,
        suggestion:
          'The cluster has no node with room for the requests: lower spec.resources (a smaller profile), or add capacity.',
        intentField: 'spec.resources',
      }));
    }
  }
  return [...byKey.values()].map(({ hint, pods: names }) =>
    names.size > 1
      ? { ...hint, message: `${hint.message} (${names.size} pods)`, data: { ...hint.data, pods: names.size } }
      : hint,
  );
}

export function workloadHints(workloads: WorkloadStatus[]): HealthHint[] {
  const out: HealthHint[] = [];
  for (const w of workloads) {
    const object = `${w.kind}/${w.name}`;
    if (w.kind === 'Deployment' && /exceeded its progress deadline/.test(w.message)) {
      out.push({
        kind: 'progress-deadline',
        severity: 'error',
        object,
        message: `${object} exceeded its progress deadline: the new pods did not become available in time.`,
        suggestion:
          'See the pod problems and Warning events below; fix the cause and upgrade again (or roll back to the previous revision).',
      });
    }
    const r = w.rollout;
    if (r?.aborted) {
      out.push({
        kind: 'rollout-aborted',
        severity: 'error',
        object,
        message: `${object} was aborted${r.phaseMessage ? `: ${r.phaseMessage}` : ''}; the stable version serves all traffic.`,
        suggestion: 'Fix the cause (see analysis runs and pods), then retry the rollout, or roll the release back.',
      });
    }
    for (const run of r?.analysisRuns ?? []) {
      if (run.phase === 'Failed' || run.phase === 'Error') {
        out.push({
          kind: 'analysis-failed',
          severity: 'error',
          object: `AnalysisRun/${run.name}`,
          message: `Analysis ${run.name} of ${object} ${run.phase === 'Failed' ? 'failed' : 'errored'}${run.message ? `: ${run.message}` : ''}.`,
          suggestion:
            "Check the metric query and success condition of the AnalysisTemplate, and the canary's behaviour.",
        });
      }
    }
  }
  return out;
}

export function apiHints(apis: ApiAvailability[] | undefined): HealthHint[] {
  return (apis ?? [])
    .filter((a) => !a.served)
    .map((a) => ({
      kind: 'api-not-served' as const,
      severity: 'error' as const,
      object: `${a.apiVersion}/${a.kind}`,
      message: `The cluster does not serve ${a.kind} (${a.apiVersion}): ${a.note ?? 'not installed'}.`,
      suggestion:
        a.kind === 'Rollout'
          ? 'Install Argo Rollouts in the cluster, or set spec.rollout.strategy to rolling in the intent.'
          : 'Install the CRD/controller that provides it, or stop rendering this kind.',
      ...(a.kind === 'Rollout' ? { intentField: 'spec.rollout.strategy' } : {}),
    }));
}
