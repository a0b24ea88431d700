/**
 * Builds the status model (server/protocol/status-protocol.ts) from the objects the watches hold.
 * Pure and synchronous: the watcher calls it on every coalesced change, so it must stay cheap
 * (one pass over pods per workload selector; bench/status-bench.ts measures 500 pods).
 */
import type { ResourceProfile } from '../model/platform-config';
import {
  STATUS_MODEL_VERSION,
  type ApiAvailability,
  type ClusterInfo,
  type Health,
  type OverallPhase,
  type PodStatus,
  type ReleaseStatus,
  type StatusModel,
  type WatchState,
  type WorkloadKind,
  type WorkloadStatus,
} from '../protocol/status-protocol';
import { argoRolloutView } from './argo-rollout';
import { warningEvents } from './events';
import { gitopsFor } from './gitops-status';
import { manifestObjects, releaseFromSecrets } from './helm-release';
import { apiHints, podHints, workloadHints, type PodWithOwner } from './hints';
import { hpaSummary } from './hpa';
import { workloadSelects, selectorString } from '../core/label-selector';
import { podSummary } from './pods';
import { daemonSetStatus, deploymentStatus, statefulSetStatus, type RolloutStatusResult } from './rollout-status';

/** Objects by name, one map per watched resource (all in the status namespace). */
export interface ObjectMaps {
  deployments: Map<string, any>;
  statefulsets: Map<string, any>;
  daemonsets: Map<string, any>;
  rollouts: Map<string, any>;
  analysisruns: Map<string, any>;
  hpas: Map<string, any>;
  pods: Map<string, any>;
  events: Map<string, any>;
  secrets: Map<string, any>;
  /** Flux HelmReleases and Argo CD Applications, by "namespace/name" (read in several namespaces). */
  helmreleases: Map<string, any>;
  applications: Map<string, any>;
}

export const RESOURCE_KEYS = [
  'deployments',
  'statefulsets',
  'daemonsets',
  'rollouts',
  'analysisruns',
  'hpas',
  'pods',
  'events',
  'secrets',
  'helmreleases',
  'applications',
] as const;
export type ResourceKey = (typeof RESOURCE_KEYS)[number];

export function emptyObjectMaps(): ObjectMaps {
  return Object.fromEntries(RESOURCE_KEYS.map((k) => [k, new Map()])) as unknown as ObjectMaps;
}

export interface BuildInput {
  cluster: ClusterInfo;
  namespace: string;
  /** Without a release name, every workload of the namespace is shown. */
  releaseName?: string;
  objects: ObjectMaps;
  /** Release read through `helm status/history` instead of the Secrets. */
  release?: { status: ReleaseStatus; manifest?: string };
  /** Last log lines by "pod/container". */
  logs?: Map<string, string[]>;
  apis?: ApiAvailability[];
  watch?: WatchState;
  profiles?: Record<string, ResourceProfile>;
  now?: Date;
}

const INSTANCE_LABEL = 'app.kubernetes.io/instance';
const RELEASE_NAME_ANNOTATION = 'meta.helm.sh/release-name';
const KIND_ORDER: WorkloadKind[] = ['Rollout', 'Deployment', 'StatefulSet', 'DaemonSet'];

/** The model when nothing could be read from the cluster: one state, with what to do. */
export function unavailableModel(
  cluster: ClusterInfo,
  releaseName?: string,
  watch?: WatchState,
  now = new Date(),
): StatusModel {
  return {
    version: STATUS_MODEL_VERSION,
    generatedAt: now.toISOString(),
    cluster,
    ...(releaseName ? { releaseName } : {}),
    workloads: [],
    hpas: [],
    pods: [],
    warnings: [],
    hints: [],
    overall: { phase: 'unavailable', message: cluster.message ?? `cluster state: ${cluster.state}` },
    ...(watch ? { watch } : {}),
  };
}

export function buildStatusModel(input: BuildInput): StatusModel {
  const { objects, releaseName } = input;
  const logs = input.logs ?? new Map<string, string[]>();

  let release: ReleaseStatus | undefined;
  let manifest: string | undefined;
  if (input.release) {
    release = input.release.status;
    manifest = input.release.manifest;
  } else if (releaseName) {
    const fromSecrets = releaseFromSecrets(releaseName, input.namespace, [...objects.secrets.values()]);
    release = fromSecrets.status;
    manifest = fromSecrets.current?.manifest;
  }
  const inManifest = new Set(manifestObjects(manifest).map((o) => `${o.kind}/${o.name}`));
  const belongs = (kind: string, o: any): boolean => {
    if (!releaseName) return true;
    const labels = o?.metadata?.labels ?? {};
    const annotations = o?.metadata?.annotations ?? {};
    return (
      labels[INSTANCE_LABEL] === releaseName ||
      annotations[RELEASE_NAME_ANNOTATION] === releaseName ||
      inManifest.has(`${kind}/${o?.metadata?.name}`)
    );
  };

  // Workloads and their kubectl-style status.
  const rawWorkloads: Array<{ kind: WorkloadKind; raw: any }> = [];
  const collect = (kind: WorkloadKind, map: Map<string, any>) => {
    for (const o of map.values()) if (belongs(kind, o)) rawWorkloads.push({ kind, raw: o });
  };
  collect('Rollout', objects.rollouts);
  collect('Deployment', objects.deployments);
  collect('StatefulSet', objects.statefulsets);
  collect('DaemonSet', objects.daemonsets);
  rawWorkloads.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      String(a.raw.metadata?.name).localeCompare(String(b.raw.metadata?.name)),
  );

  // Pods: attached to the first workload whose selector matches; release pods without one by label.
  const pods: PodWithOwner[] = [];
  const podsByWorkload = new Map<string, any[]>();
  for (const p of objects.pods.values()) {
    const labels = p?.metadata?.labels;
    let owner: { kind: WorkloadKind; raw: any } | undefined;
    for (const w of rawWorkloads) {
      if (workloadSelects(w.raw?.spec?.selector, labels)) {
        owner = w;
        break;
      }
    }
    if (!owner && !(releaseName ? labels?.[INSTANCE_LABEL] === releaseName : false)) continue;
    const summary = { ...cachedPodSummary(p) };
    if (owner) {
      const key = `${owner.kind}/${owner.raw.metadata?.name}`;
      summary.owner = key;
      let list = podsByWorkload.get(key);
      if (!list) podsByWorkload.set(key, (list = []));
      list.push(p);
      if (owner.kind === 'Rollout') {
        const hash = labels?.['rollouts-pod-template-hash'];
        const st = owner.raw.status ?? {};
        if (hash && hash === st.stableRS) summary.role = 'stable';
        else if (hash && hash === st.currentPodHash) summary.role = 'canary';
      }
    }
    for (const prob of summary.problems) {
      const tail = prob.reason === 'CrashLoopBackOff' ? logs.get(`${summary.name}/${prob.container}`) : undefined;
      if (tail?.length) summary.logTail = tail;
    }
    pods.push({ raw: p, summary });
  }

  const analysisRuns = [...objects.analysisruns.values()];
  const workloads: WorkloadStatus[] = rawWorkloads.map(({ kind, raw }) =>
    workloadStatus(kind, raw, podsByWorkload.get(`${kind}/${raw.metadata?.name}`) ?? [], analysisRuns),
  );

  const workloadKeys = new Set(workloads.map((w) => `${w.kind}/${w.name}`));
  const hpas = [...objects.hpas.values()]
    .filter(
      (h) =>
        belongs('HorizontalPodAutoscaler', h) ||
        workloadKeys.has(`${h?.spec?.scaleTargetRef?.kind}/${h?.spec?.scaleTargetRef?.name}`),
    )
    .map(hpaSummary)
    .sort((a, b) => a.name.localeCompare(b.name));

  const eventObjects = new Set<string>([
    ...workloadKeys,
    ...hpas.map((h) => `HorizontalPodAutoscaler/${h.name}`),
    ...pods.map((p) => `Pod/${p.summary.name}`),
  ]);
  for (const w of workloads) for (const r of w.rollout?.analysisRuns ?? []) eventObjects.add(`AnalysisRun/${r.name}`);
  const prefixes = workloads.map((w) => `${w.name}-`);
  const warnings = warningEvents(objects.events.values(), eventObjects, prefixes);

  const podStatuses: PodStatus[] = pods
    .map((p) => p.summary)
    .sort((a, b) => (a.owner ?? '').localeCompare(b.owner ?? '') || a.name.localeCompare(b.name));
  const gitops =
    releaseName && (objects.helmreleases.size || objects.applications.size)
      ? gitopsFor(releaseName, input.namespace, objects.helmreleases.values(), objects.applications.values())
      : undefined;
  const hints = [...workloadHints(workloads), ...podHints(pods, logs, input.profiles), ...apiHints(input.apis)];

  return {
    version: STATUS_MODEL_VERSION,
    generatedAt: (input.now ?? new Date()).toISOString(),
    cluster: input.cluster,
    ...(releaseName ? { releaseName } : {}),
    ...(release ? { release } : {}),
    workloads,
    hpas,
    pods: podStatuses,
    warnings,
    hints,
    ...(input.apis ? { apis: input.apis } : {}),
    overall: overall(workloads, podStatuses, release, releaseName),
    ...(input.watch ? { watch: input.watch } : {}),
    ...(gitops ? { gitops } : {}),
  };
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Pod summaries by pod object: a watch event replaces one pod, the other 499 are not re-read. */
const podSummaries = new WeakMap<object, PodStatus>();
function cachedPodSummary(p: any): PodStatus {
  let s = podSummaries.get(p);
  if (!s) podSummaries.set(p, (s = podSummary(p)));
  return s;
}

/** Replica counts of a Deployment or StatefulSet (the same status fields). */
function replicaCounts(raw: any, status: any): WorkloadStatus['replicas'] {
  return {
    desired: typeof raw?.spec?.replicas === 'number' ? raw.spec.replicas : 1,
    current: num(status.replicas),
    updated: num(status.updatedReplicas),
    ready: num(status.readyReplicas),
    available: num(status.availableReplicas),
  };
}

function workloadStatus(kind: WorkloadKind, raw: any, pods: any[], analysisRuns: any[]): WorkloadStatus {
  const meta = raw?.metadata ?? {};
  const status = raw?.status ?? {};
  const base = {
    kind,
    apiVersion: String(raw?.apiVersion ?? (kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1')),
    name: String(meta.name ?? ''),
    namespace: String(meta.namespace ?? ''),
    ...(typeof meta.generation === 'number' ? { generation: meta.generation } : {}),
    images: (raw?.spec?.template?.spec?.containers ?? []).map((c: any) => String(c?.image ?? '')).filter(Boolean),
    ...(raw?.spec?.selector ? { selector: selectorString(raw.spec.selector) } : {}),
  };
  if (kind === 'Rollout') {
    let canaryReady = 0;
    let ready = 0;
    for (const p of pods) {
      const isReady = (p?.status?.conditions ?? []).some((c: any) => c?.type === 'Ready' && c?.status === 'True');
      if (!isReady) continue;
      ready++;
      if (
        p?.metadata?.labels?.['rollouts-pod-template-hash'] === status.currentPodHash &&
        status.currentPodHash !== status.stableRS
      )
        canaryReady++;
    }
    const view = argoRolloutView(raw, analysisRuns, { canaryReady, ready });
    const observed = /^\d+$/.test(String(status.observedGeneration ?? ''))
      ? Number(status.observedGeneration)
      : undefined;
    return {
      ...base,
      health: view.health,
      done: view.done,
      message: view.message,
      ...(observed !== undefined ? { observedGeneration: observed } : {}),
      replicas: {
        desired: typeof raw?.spec?.replicas === 'number' ? raw.spec.replicas : 1,
        current: num(status.replicas),
        updated: num(status.updatedReplicas),
        ready: num(status.readyReplicas),
        available: num(status.availableReplicas),
      },
      rollout: view.rollout,
    };
  }
  let result: RolloutStatusResult;
  let replicas: WorkloadStatus['replicas'];
  if (kind === 'Deployment') {
    result = deploymentStatus(raw);
    replicas = replicaCounts(raw, status);
  } else if (kind === 'StatefulSet') {
    result = statefulSetStatus(raw);
    replicas = replicaCounts(raw, status);
  } else {
    result = daemonSetStatus(raw);
    replicas = {
      desired: num(status.desiredNumberScheduled),
      current: num(status.currentNumberScheduled),
      updated: num(status.updatedNumberScheduled),
      ready: num(status.numberReady),
      available: num(status.numberAvailable),
    };
  }
  const health: Health = result.error
    ? result.done
      ? 'unknown'
      : 'degraded'
    : result.done
      ? 'healthy'
      : 'progressing';
  return {
    ...base,
    health,
    done: result.done && !result.error,
    message: result.error ?? result.message,
    ...(typeof status.observedGeneration === 'number' ? { observedGeneration: status.observedGeneration } : {}),
    replicas,
  };
}

const RELEASE_PENDING = new Set(['pending-install', 'pending-upgrade', 'pending-rollback', 'uninstalling']);

function overall(
  workloads: WorkloadStatus[],
  pods: PodStatus[],
  release: ReleaseStatus | undefined,
  releaseName: string | undefined,
): { phase: OverallPhase; message: string } {
  const label = (w: WorkloadStatus) => `${w.kind}/${w.name}`;
  if (workloads.length === 0 && (!release || !release.found)) {
    return {
      phase: 'not-found',
      message: releaseName
        ? `No release "${releaseName}" and no workloads of it in this namespace.`
        : 'No workloads in this namespace.',
    };
  }
  const aborted = workloads.filter((w) => w.health === 'aborted');
  if (aborted.length)
    return {
      phase: 'aborted',
      message: `${aborted.map(label).join(', ')} aborted: ${aborted[0].rollout?.phaseMessage ?? aborted[0].message}`,
    };
  const degraded = workloads.filter((w) => w.health === 'degraded');
  if (degraded.length) return { phase: 'degraded', message: `${label(degraded[0])}: ${degraded[0].message}` };
  const status = release?.current?.status;
  if (status === 'failed')
    return {
      phase: 'degraded',
      message: `Release ${release?.name} revision ${release?.current?.revision} failed${release?.current?.description ? `: ${release.current.description}` : ''}.`,
    };
  const progressing = workloads.filter((w) => w.health === 'progressing');
  if (progressing.length) return { phase: 'progressing', message: progressing.map((w) => w.message).join('; ') };
  const paused = workloads.filter((w) => w.health === 'paused');
  if (paused.length) {
    const w = paused[0];
    const r = w.rollout;
    const current = r?.steps.find((s) => s.state === 'current');
    const step =
      r && r.currentStepIndex !== undefined && r.steps.length
        ? ` at step ${Math.min(r.currentStepIndex + 1, r.steps.length)}/${r.steps.length}${current ? ` (${current.label})` : ''}`
        : '';
    const weight = r?.setWeight !== undefined ? `, canary weight ${r.setWeight}%` : '';
    return {
      phase: 'paused',
      message: `${label(w)} paused${step}${weight}${r?.pauseConditions.length ? ` — ${r.pauseConditions.map((p) => p.reason).join(', ')}` : r?.paused ? ' — manually paused' : ''}.`,
    };
  }
  if (status && RELEASE_PENDING.has(status))
    return { phase: 'progressing', message: `Release ${release?.name} is ${status}.` };
  const stuck = pods.filter((p) => p.problems.some((x) => x.state === 'waiting'));
  if (stuck.length)
    return {
      phase: 'degraded',
      message: `All workloads rolled out, but ${stuck.length} pod(s) are failing: ${stuck[0].name} ${stuck[0].problems[0].reason}.`,
    };
  return {
    phase: 'complete',
    message: workloads.length
      ? `${workloads.length === 1 ? label(workloads[0]) : `All ${workloads.length} workloads`} rolled out${release?.current ? `; release ${release.name} revision ${release.current.revision} ${release.current.status}` : ''}.`
      : `Release ${release?.name} revision ${release?.current?.revision} ${release?.current?.status} (no workloads).`,
  };
}
