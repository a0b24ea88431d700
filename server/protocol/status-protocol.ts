/**
 * The live rollout status model, shared by the status engine (server/kube), the CLI
 * (`helm-intent status`) and the Chart Review webview. Types only, plain JSON: it crosses
 * process and webview boundaries as is. Changes are additive only (new optional fields,
 * new union members); the webview must ignore what it does not know.
 */

export const STATUS_MODEL_VERSION = 1;

/** What the engine could do with the kube context, with exactly one state at a time (never an error storm). */
export type ClusterConnectionState =
  /** No kubeconfig file and no in-cluster config: nothing to talk to. */
  | 'no-cluster-configured'
  /** A kubeconfig exists but is unusable: bad YAML, unknown context, context without cluster. */
  | 'config-error'
  /** TCP/TLS failure, DNS, timeout, 5xx from the API server. */
  | 'unreachable'
  /** 401: the credentials were refused (expired token, wrong certificate). */
  | 'unauthorized'
  /** 403: authenticated, but RBAC does not allow reading what the status needs. */
  | 'forbidden'
  | 'ok';

export interface ClusterInfo {
  state: ClusterConnectionState;
  /** The context in use (after any override); absent when none could be chosen. */
  context?: string;
  cluster?: string;
  user?: string;
  /** API server URL of the context's cluster. */
  server?: string;
  /** Namespace in use: override, else the context's namespace, else "default" (as kubectl). */
  namespace: string;
  /** Every context of the merged kubeconfig, for a picker. */
  contexts: Array<{ name: string; cluster?: string; namespace?: string }>;
  /** Kubeconfig files that were read, in precedence order (KUBECONFIG list or ~/.kube/config). */
  kubeconfigFiles: string[];
  /** One sentence: what went wrong (absent when ok). */
  message?: string;
  /** One sentence: what the user can do next (absent when ok). */
  nextStep?: string;
  /** For forbidden: the request that was refused, e.g. "list pods in namespace shop". */
  deniedRequest?: string;
}

/** One helm release revision, as `helm history -o json` shows it. */
export interface ReleaseRevision {
  revision: number;
  /** helm's release status: deployed, superseded, failed, pending-install, pending-upgrade, pending-rollback, uninstalling, uninstalled, unknown. */
  status: string;
  chartName: string;
  chartVersion: string;
  appVersion?: string;
  description?: string;
  /** ISO 8601 time of the revision's last deployment. */
  updated?: string;
}

export interface ReleaseStatus {
  name: string;
  namespace: string;
  found: boolean;
  /** Where the data came from. */
  source: 'secrets' | 'helm';
  /** The newest revision (what `helm status` shows). */
  current?: ReleaseRevision;
  /** Newest first. */
  history: ReleaseRevision[];
  /** Notes of the current revision (rendered NOTES.txt), when present. */
  notes?: string;
  /** Why the release could not be read (e.g. a Secret that does not decode); the rest of the model still stands. */
  error?: string;
}

/** Health of one workload or of the whole release. */
export type Health = 'healthy' | 'progressing' | 'paused' | 'degraded' | 'aborted' | 'missing' | 'unknown';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Rollout';

export interface ReplicaCounts {
  desired: number;
  /** status.replicas: pods of every revision. */
  current: number;
  updated: number;
  ready: number;
  available: number;
}

export interface WorkloadStatus {
  kind: WorkloadKind;
  apiVersion: string;
  name: string;
  namespace: string;
  health: Health;
  /** True when the rollout is complete (kubectl's `done`). */
  done: boolean;
  /** kubectl's (or kubectl-argo-rollouts') status line, e.g. `Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...`. */
  message: string;
  generation?: number;
  observedGeneration?: number;
  replicas: ReplicaCounts;
  /** Container images of the pod template. */
  images: string[];
  /** Only for Argo Rollouts. */
  rollout?: ArgoRolloutStatus;
  /** Label selector of the workload's pods (as a string, `a=b,c=d`), used to attach pods. */
  selector?: string;
}

export type CanaryStepKind =
  | 'setWeight'
  | 'pause'
  | 'analysis'
  | 'experiment'
  | 'setCanaryScale'
  | 'setHeaderRoute'
  | 'setMirrorRoute'
  | 'plugin'
  | 'unknown';

export interface CanaryStepView {
  index: number;
  kind: CanaryStepKind;
  /** As kubectl-argo-rollouts prints it: `setWeight: 20`, `pause: 2m`, `pause`, `analysis`. */
  label: string;
  /** Weight for setWeight steps. */
  weight?: number;
  /** Duration for timed pauses (as written, e.g. "2m" or "30"). */
  duration?: string;
  state: 'done' | 'current' | 'pending';
}

export interface AnalysisRunView {
  name: string;
  /** Pending, Running, Successful, Failed, Error, Inconclusive. */
  phase: string;
  message?: string;
  /** Which kind of run: the current step's, background, pre/post promotion. */
  role?: 'step' | 'background' | 'pre-promotion' | 'post-promotion' | 'other';
}

export interface ArgoRolloutStatus {
  strategy: 'canary' | 'blueGreen' | 'unknown';
  /** Healthy, Progressing, Paused, Degraded (the controller's status.phase, or computed as the plugin does). */
  phase: string;
  phaseMessage?: string;
  /** status.currentStepIndex; equals steps.length when every step is done. */
  currentStepIndex?: number;
  steps: CanaryStepView[];
  /** The weight the current step asks for (kubectl-argo-rollouts SetWeight). */
  setWeight?: number;
  /** The weight actually observed (traffic-routed weights or available canary pods). */
  actualWeight?: number;
  /** spec.paused (a manual pause). */
  paused: boolean;
  /** status.abort. */
  aborted: boolean;
  /** status.controllerPause with the reasons, e.g. CanaryPauseStep. */
  pauseConditions: Array<{ reason: string; startTime?: string }>;
  analysisRuns: AnalysisRunView[];
  stableRS?: string;
  currentPodHash?: string;
}

export interface HpaStatus {
  name: string;
  namespace: string;
  target: { kind: string; name: string };
  minReplicas?: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  /** Each metric as "cpu 45%/70%" style, for display. */
  metrics: Array<{ name: string; current?: string; target?: string }>;
  /** An HPA condition that is False (e.g. ScalingActive False: FailedGetResourceMetric). */
  problem?: string;
}

export interface PodContainerProblem {
  container: string;
  /** Waiting reason (CrashLoopBackOff, ImagePullBackOff, ErrImagePull, CreateContainerConfigError…) or last termination reason (OOMKilled, Error). */
  reason: string;
  /** 'waiting' = current state, 'terminated' = lastState.terminated (the previous run). */
  state: 'waiting' | 'terminated';
  message?: string;
  exitCode?: number;
  finishedAt?: string;
}

export interface PodStatus {
  name: string;
  namespace: string;
  /** Pending, Running, Succeeded, Failed, Unknown. */
  phase: string;
  ready: boolean;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  node?: string;
  /** The workload it belongs to, e.g. "Deployment/web" (via the ReplicaSet name or labels). */
  owner?: string;
  /** Argo Rollouts pod-template hash role: canary / stable, when known. */
  role?: 'canary' | 'stable';
  /** Container problems, current waiting state first. */
  problems: PodContainerProblem[];
  /** Last log lines, fetched for CrashLoopBackOff containers (previous run). */
  logTail?: string[];
  startedAt?: string;
  /** Scheduling problem from the PodScheduled condition, e.g. "0/3 nodes are available: insufficient memory". */
  unschedulable?: string;
}

export interface WarningEvent {
  /** "Kind/name" of the involved object. */
  object: string;
  reason: string;
  message: string;
  count: number;
  /** ISO 8601 time of the last occurrence. */
  lastSeen?: string;
}

export type HintKind =
  | 'oom-killed'
  | 'crash-loop'
  | 'image-pull'
  | 'progress-deadline'
  | 'unschedulable'
  | 'api-not-served'
  | 'rollout-aborted'
  | 'analysis-failed'
  | 'config-error';

/** A health hint: what is wrong and what to change. */
export interface HealthHint {
  kind: HintKind;
  severity: 'error' | 'warning' | 'info';
  /** "Pod/web-abc", "Deployment/web", "Rollout/web". */
  object: string;
  message: string;
  suggestion: string;
  /** The intent field the user can change to fix it (e.g. "spec.resources" for OOMKilled, "spec.image.tag" for pulls). */
  intentField?: string;
  /** Extra data for the UI's quick action (e.g. the container's memory limit). */
  data?: Record<string, string | number | boolean>;
  /** For crash loops: the last log lines of the previous run. */
  logTail?: string[];
}

/** Whether the cluster serves an apiVersion/kind (runtime API discovery). */
export interface ApiAvailability {
  apiVersion: string;
  kind: string;
  served: boolean;
  /** Resource plural when served (e.g. "rollouts"). */
  resource?: string;
  /** Why it matters when not served, e.g. "Argo Rollouts CRD not installed". */
  note?: string;
}

/**
 * The GitOps object that deploys the release, when the cluster serves its CRD: a Flux HelmRelease
 * (helm.toolkit.fluxcd.io) or an Argo CD Application (argoproj.io) whose release name and target
 * namespace are the release's.
 */
export interface GitOpsStatus {
  kind: 'HelmRelease' | 'Application';
  apiVersion: string;
  name: string;
  /** Namespace of the object itself (e.g. flux-system, argocd). */
  namespace: string;
  /** Flux: the Ready condition is True; Argo CD: Synced and Healthy. */
  ready: boolean;
  /** One sentence: the Ready condition's message (Flux), or the sync/health/operation message (Argo CD). */
  message: string;
  /** Flux: the Ready condition's reason, e.g. InstallSucceeded, UpgradeFailed. */
  reason?: string;
  /** Argo CD sync status: Synced, OutOfSync, Unknown. */
  sync?: string;
  /** Argo CD health: Healthy, Progressing, Degraded, Suspended, Missing, Unknown. */
  health?: string;
  /** What was last applied: the chart version (Flux) or the source revision (Argo CD). */
  revision?: string;
  /** Flux spec.suspend: the controller does not reconcile it. */
  suspended?: boolean;
  /** A reconcile or sync is running, or the controller has not seen the latest spec yet. */
  progressing?: boolean;
}

/** The release's overall rollout state, which the CLI maps to its exit code. */
export type OverallPhase =
  /** Every workload done and healthy, release deployed. */
  | 'complete'
  | 'progressing'
  /** A canary waiting at a pause step (or a manual pause). */
  | 'paused'
  | 'degraded'
  | 'aborted'
  /** No release and no workloads found. */
  | 'not-found'
  /** No cluster / unreachable / forbidden / unauthorized / config error. */
  | 'unavailable';

export interface WatchState {
  /** True while every watch is connected. */
  connected: boolean;
  /** Reconnect attempts since the last successful connection (0 when connected). */
  attempt: number;
  /** Milliseconds until the next reconnect, while waiting. */
  retryInMs?: number;
  lastError?: string;
  /** How many times the watches reconnected (resumed or relisted) since start. */
  reconnects: number;
  /** How many 410 Gone relists happened since start. */
  relists: number;
}

export interface StatusModel {
  version: typeof STATUS_MODEL_VERSION;
  /** ISO time the model was built. */
  generatedAt: string;
  cluster: ClusterInfo;
  /** The release the status is about. */
  releaseName?: string;
  release?: ReleaseStatus;
  workloads: WorkloadStatus[];
  hpas: HpaStatus[];
  pods: PodStatus[];
  /** Last Warning events of the release's objects, newest first. */
  warnings: WarningEvent[];
  hints: HealthHint[];
  /** Discovery results for the apiVersions/kinds asked about (e.g. the chart's rendered kinds). */
  apis?: ApiAvailability[];
  overall: { phase: OverallPhase; message: string };
  /** Present while a StatusWatcher runs. */
  watch?: WatchState;
  /** The Flux HelmRelease / Argo CD Application deploying the release, when found. */
  gitops?: GitOpsStatus;
}

/** A guarded action the UI can offer; the engine gives the exact preview and runs it after confirmation. */
export type GuardedActionKind =
  | 'helm-dry-run-install'
  | 'helm-dry-run-upgrade'
  | 'helm-install'
  | 'helm-upgrade'
  | 'helm-rollback'
  | 'rollout-promote'
  | 'rollout-promote-full'
  | 'rollout-abort'
  | 'rollout-retry';

export interface ActionPreview {
  kind: GuardedActionKind;
  /** Short title for the confirmation dialog, e.g. "Roll back my-service to revision 3". */
  title: string;
  /** Exactly what will run, one line per command/request, e.g. `helm rollback my-service 3 --namespace shop --wait --timeout 5m0s`
   * or `PATCH /apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web/status {"status":{"abort":true}}`. */
  commands: string[];
  /** True when the action changes the cluster (everything except dry-runs). */
  mutating: boolean;
  /** The kube context it will act on. */
  context?: string;
  namespace: string;
}

export interface ActionResult {
  ok: boolean;
  preview: ActionPreview;
  /** What ran, with output (helm stdout/stderr or API response summary). */
  output: string;
  error?: string;
  durationMs: number;
}
