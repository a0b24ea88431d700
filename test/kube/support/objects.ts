// Kubernetes objects as the API server returns them, for the scenarios, plus kubeconfig files
// pointing at the fake API server.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { encodeReleaseData, type HelmReleaseRecord } from '../../../server/kube/helm-release';
import type { FakeKubeApi } from './fake-kube-api';
import { tempDir } from '../../support/temp';

export const NS = 'shop';
export const RELEASE = 'my-service';

const labels = (app: string, extra: Record<string, string> = {}) => ({
  'app.kubernetes.io/name': app,
  'app.kubernetes.io/instance': RELEASE,
  ...extra,
});

export interface ReplicaState {
  replicas?: number;
  updated?: number;
  ready?: number;
  available?: number;
  current?: number;
  generation?: number;
  observedGeneration?: number;
  conditions?: any[];
}

/**
 * The status counts Deployments and StatefulSets share: the controller has seen `generation` and every
 * replica is up to date, unless `s` says otherwise.
 */
function replicaCounts(s: ReplicaState, replicas: number, generation: number) {
  return {
    observedGeneration: s.observedGeneration ?? generation,
    replicas: s.current ?? replicas,
    updatedReplicas: s.updated ?? replicas,
    readyReplicas: s.ready ?? replicas,
    availableReplicas: s.available ?? replicas,
  };
}

export function deployment(name: string, s: ReplicaState = {}, ns = NS): any {
  const replicas = s.replicas ?? 3;
  const generation = s.generation ?? 2;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: ns,
      generation,
      labels: labels(name),
      annotations: { 'meta.helm.sh/release-name': RELEASE, 'meta.helm.sh/release-namespace': ns },
    },
    spec: {
      replicas,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': RELEASE } },
      template: {
        metadata: { labels: labels(name) },
        spec: {
          containers: [
            {
              name: 'app',
              image: `registry.example.com/${name}:v2.3.1`,
              resources: { limits: { cpu: '1000m', memory: '1Gi' } },
            },
          ],
        },
      },
    },
    status: {
      ...replicaCounts(s, replicas, generation),
      conditions: s.conditions ?? [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
      ],
    },
  };
}

export function statefulSet(
  name: string,
  s: ReplicaState & { currentRevision?: string; updateRevision?: string } = {},
  ns = NS,
): any {
  const replicas = s.replicas ?? 2;
  const generation = s.generation ?? 1;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: ns, generation, labels: labels(name) },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      updateStrategy: { type: 'RollingUpdate' },
      template: { metadata: { labels: labels(name) }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } },
    },
    status: {
      ...replicaCounts(s, replicas, generation),
      currentReplicas: s.current ?? replicas,
      currentRevision: s.currentRevision ?? `${name}-7d9f`,
      updateRevision: s.updateRevision ?? `${name}-7d9f`,
    },
  };
}

export const CANARY_STEPS = [
  { setWeight: 20 },
  { pause: { duration: '2m' } },
  { setWeight: 50 },
  { pause: { duration: '2m' } },
  { setWeight: 100 },
];

export interface RolloutState {
  stepIndex?: number;
  stableHash?: string;
  currentHash?: string;
  phase?: string;
  message?: string;
  paused?: boolean;
  abort?: boolean;
  pauseConditions?: Array<{ reason: string; startTime: string }>;
  replicas?: number;
  updated?: number;
  available?: number;
  generation?: number;
  stepAnalysis?: { name: string; status: string; message?: string };
}

export function rollout(name: string, s: RolloutState = {}, ns = NS): any {
  const replicas = s.replicas ?? 5;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: ns, generation: s.generation ?? 3, uid: `uid-rollout-${name}`, labels: labels(name) },
    spec: {
      replicas,
      ...(s.paused ? { paused: true } : {}),
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels: labels(name) },
        spec: { containers: [{ name: 'app', image: `registry.example.com/${name}:v2.3.1` }] },
      },
      strategy: { canary: { steps: CANARY_STEPS } },
    },
    status: {
      observedGeneration: String(s.generation ?? 3),
      phase: s.phase ?? 'Healthy',
      ...(s.message ? { message: s.message } : {}),
      currentStepIndex: s.stepIndex ?? CANARY_STEPS.length,
      ...(s.abort ? { abort: true } : {}),
      ...(s.pauseConditions ? { pauseConditions: s.pauseConditions, controllerPause: true } : {}),
      stableRS: s.stableHash ?? 'stable1',
      currentPodHash: s.currentHash ?? s.stableHash ?? 'stable1',
      replicas,
      updatedReplicas: s.updated ?? replicas,
      readyReplicas: s.available ?? replicas,
      availableReplicas: s.available ?? replicas,
      canary: s.stepAnalysis ? { currentStepAnalysisRunStatus: s.stepAnalysis } : {},
    },
  };
}

export interface PodState {
  ready?: boolean;
  restarts?: number;
  waiting?: { reason: string; message?: string };
  lastTerminated?: { reason: string; exitCode: number };
  hash?: string;
  memoryLimit?: string;
  image?: string;
}

export function pod(name: string, app: string, s: PodState = {}, ns = NS): any {
  const ready = s.ready ?? !s.waiting;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      labels: { ...labels(app), ...(s.hash ? { 'rollouts-pod-template-hash': s.hash } : {}) },
    },
    spec: {
      nodeName: 'node-1',
      containers: [
        {
          name: 'app',
          image: s.image ?? `registry.example.com/${app}:v2.3.1`,
          resources: { limits: { memory: s.memoryLimit ?? '512Mi', cpu: '500m' } },
        },
      ],
    },
    status: {
      phase: 'Running',
      startTime: '2024-05-01T10:00:00Z',
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: ready ? 'True' : 'False' },
      ],
      containerStatuses: [
        {
          name: 'app',
          ready,
          restartCount: s.restarts ?? 0,
          image: s.image ?? `registry.example.com/${app}:v2.3.1`,
          state: s.waiting ? { waiting: s.waiting } : { running: { startedAt: '2024-05-01T10:00:05Z' } },
          ...(s.lastTerminated
            ? { lastState: { terminated: { ...s.lastTerminated, finishedAt: '2024-05-01T10:05:00Z' } } }
            : {}),
        },
      ],
    },
  };
}

export function hpa(
  name: string,
  target: { kind: string; name: string },
  current: number,
  desired: number,
  ns = NS,
): any {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: ns, labels: labels(name) },
    spec: {
      scaleTargetRef: { apiVersion: target.kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1', ...target },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
    },
    status: {
      currentReplicas: current,
      desiredReplicas: desired,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45 } } }],
    },
  };
}

let eventSeq = 0;
export function warningEvent(
  kind: string,
  name: string,
  reason: string,
  message: string,
  at = '2024-05-01T10:06:00Z',
  ns = NS,
): any {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${++eventSeq}`, namespace: ns },
    involvedObject: { kind, name, namespace: ns },
    type: 'Warning',
    reason,
    message,
    count: 3,
    lastTimestamp: at,
  };
}

export interface ReleaseRecordOptions {
  chartVersion?: string;
  appVersion?: string;
  description?: string;
  manifest?: string;
  name?: string;
}

function releaseRecord(revision: number, status: string, opts: ReleaseRecordOptions): HelmReleaseRecord {
  return {
    name: opts.name ?? RELEASE,
    namespace: NS,
    version: revision,
    info: {
      status,
      description: opts.description ?? (revision === 1 ? 'Install complete' : 'Upgrade complete'),
      first_deployed: '2024-05-01T09:00:00Z',
      last_deployed: `2024-05-01T${String(9 + revision).padStart(2, '0')}:00:00Z`,
    },
    chart: {
      metadata: {
        name: 'my-service',
        version: opts.chartVersion ?? `0.1.${revision}`,
        appVersion: opts.appVersion ?? 'v2.3.1',
      },
    },
    manifest: opts.manifest ?? '',
  };
}

/** The Secret helm's default storage driver keeps revision `revision` of a release in (the release itself by default). */
export function releaseSecret(revision: number, status: string, opts: ReleaseRecordOptions = {}): any {
  const record = releaseRecord(revision, status, opts);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'helm.sh/release.v1',
    metadata: {
      name: `sh.helm.release.v1.${record.name}.v${record.version}`,
      namespace: NS,
      labels: { owner: 'helm', name: record.name, status: record.info?.status ?? '', version: String(record.version) },
    },
    data: { release: encodeReleaseData(record) },
  };
}

export interface KubeconfigContext {
  name: string;
  namespace?: string;
  server?: string;
  token?: string;
}

/** Writes a kubeconfig with the fake server's CA in certificate-authority-data and a token per context. */
export function writeKubeconfig(
  api: FakeKubeApi,
  contexts: KubeconfigContext[],
  current = contexts[0]?.name,
  dir = tempDir('helm-intent-kube-'),
): string {
  const file = path.join(dir, 'config');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: contexts.map((c) => ({
        name: `${c.name}-cluster`,
        cluster: {
          server: c.server ?? api.url,
          'certificate-authority-data': Buffer.from(api.caPem).toString('base64'),
        },
      })),
      users: contexts.map((c) => ({ name: `${c.name}-user`, user: { token: c.token ?? api.token } })),
      contexts: contexts.map((c) => ({
        name: c.name,
        context: {
          cluster: `${c.name}-cluster`,
          user: `${c.name}-user`,
          ...(c.namespace ? { namespace: c.namespace } : {}),
        },
      })),
      ...(current ? { 'current-context': current } : {}),
    }),
  );
  return file;
}

/** A canary paused at its first pause step (step 2): stable h1, canary h2. */
export const PAUSED_AT_STEP_2: RolloutState = {
  stepIndex: 1,
  stableHash: 'h1',
  currentHash: 'h2',
  phase: 'Paused',
  message: 'CanaryPauseStep',
  pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2024-05-01T12:00:00Z' }],
};

/** The release's Rollout paused at step 2 with one updated replica (overrides on top). */
export function pausedCanary(s: RolloutState = {}): any {
  return rollout(RELEASE, { ...PAUSED_AT_STEP_2, updated: 1, ...s });
}

/** Revision 3 deployed as a canary paused at step 2: four stable pods and one canary pod. */
export function applyPausedCanary(api: Pick<FakeKubeApi, 'apply'>): void {
  api.apply(releaseSecret(3, 'deployed'));
  api.apply(pausedCanary());
  for (let i = 0; i < 4; i++) api.apply(pod(`${RELEASE}-h1-${i}`, RELEASE, { hash: 'h1' }));
  api.apply(pod(`${RELEASE}-h2-0`, RELEASE, { hash: 'h2' }));
}

/**
 * A release with its revisions 1 to `revisions` (the last one deployed), the given Rollout of the release
 * with an HPA on it, a `worker` Deployment, a `db` StatefulSet, and the pods of the Rollout and the Deployment.
 */
export function releaseWithWorkloads(o: {
  revisions: number;
  rollout: any;
  rolloutPods: any[];
  workers: number;
}): any[] {
  const out: any[] = [];
  for (let r = 1; r <= o.revisions; r++) out.push(releaseSecret(r, r === o.revisions ? 'deployed' : 'superseded'));
  const replicas = o.rollout.spec.replicas;
  out.push(
    o.rollout,
    deployment('worker', { replicas: o.workers }),
    statefulSet('db'),
    hpa(RELEASE, { kind: 'Rollout', name: RELEASE }, replicas, replicas),
    ...o.rolloutPods,
  );
  for (let i = 0; i < o.workers; i++) out.push(pod(`worker-${i}`, 'worker'));
  return out;
}
