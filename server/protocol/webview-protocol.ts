/**
 * Messages between the Chart Review webview and the extension host, with a runtime validator for
 * every message each side receives. Each shape is declared once: the review data and the messages'
 * types are inferred from their validators; the live status model is declared in status-protocol.ts
 * and its validators are written against it (objOf: every key, each with a check of its type).
 *
 * Browser-safe (no Node, no vscode imports): the webview bundle and the host both import it.
 * A validator returns a fresh copy holding only the known keys (free-form JSON subtrees such as a
 * rendered object are checked in place), or throws ProtocolError with the path of the first bad value. Unknown keys are dropped; unknown union members in additive
 * parts of the status model are dropped or mapped to "unknown", never fatal.
 */
import type {
  ActionResult,
  ApiAvailability,
  ArgoRolloutStatus,
  ClusterInfo,
  GitOpsStatus,
  HealthHint,
  HpaStatus,
  PodStatus,
  ReleaseRevision,
  ReleaseStatus,
  StatusModel,
  WarningEvent,
  WatchState,
  WorkloadStatus,
} from './status-protocol';

// ---------------------------------------------------------------------------------------------
// Validator combinators
// ---------------------------------------------------------------------------------------------

export class ProtocolError extends Error {
  constructor(
    readonly at: string,
    readonly expected: string,
  ) {
    super(`${at}: expected ${expected}`);
    this.name = 'ProtocolError';
  }
}

export type Check<T> = ((value: unknown, at: string) => T) & { readonly optional?: true };
export type OptionalCheck<T> = ((value: unknown, at: string) => T | undefined) & { readonly optional: true };
export type Infer<C> = C extends (value: unknown, at: string) => infer T ? T : never;

type Shape = Record<string, Check<unknown> | OptionalCheck<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
    [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined>;
  }
>;

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

export const str =
  (max = 1_000_000): Check<string> =>
  (v, at) => {
    if (typeof v !== 'string') throw new ProtocolError(at, `a string, got ${describe(v)}`);
    if (v.length > max) throw new ProtocolError(at, `at most ${max} characters, got ${v.length}`);
    return v;
  };

export const int =
  (min = 0, max = Number.MAX_SAFE_INTEGER): Check<number> =>
  (v, at) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      throw new ProtocolError(at, `an integer in ${min}..${max}, got ${typeof v === 'number' ? v : describe(v)}`);
    return v;
  };

export const num: Check<number> = (v, at) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ProtocolError(at, `a finite number, got ${describe(v)}`);
  return v;
};

export const bool: Check<boolean> = (v, at) => {
  if (typeof v !== 'boolean') throw new ProtocolError(at, `a boolean, got ${describe(v)}`);
  return v;
};

export function oneOf<const T extends readonly (string | number)[]>(...values: T): Check<T[number]> {
  return (v, at) => {
    if (!values.includes(v as T[number]))
      throw new ProtocolError(
        at,
        `one of ${values.map((x) => JSON.stringify(x)).join(', ')}, got ${JSON.stringify(v)?.slice(0, 60)}`,
      );
    return v as T[number];
  };
}

/** A known value, or `fallback` for any other string: a newer producer may add members. */
export function lenientOneOf<const T extends readonly string[], F extends T[number]>(
  fallback: F,
  ...values: T
): Check<T[number]> {
  return (v, at) => {
    if (typeof v !== 'string') throw new ProtocolError(at, `a string, got ${describe(v)}`);
    return values.includes(v) ? (v as T[number]) : fallback;
  };
}

export function opt<T>(check: Check<T>): OptionalCheck<T> {
  const c = ((v: unknown, at: string) => (v === undefined ? undefined : check(v, at))) as OptionalCheck<T>;
  (c as { optional: true }).optional = true;
  return c;
}

export function arr<T>(check: Check<T>, max = 100_000): Check<T[]> {
  return (v, at) => {
    if (!Array.isArray(v)) throw new ProtocolError(at, `an array, got ${describe(v)}`);
    if (v.length > max) throw new ProtocolError(at, `at most ${max} items, got ${v.length}`);
    return v.map((item, i) => check(item, `${at}[${i}]`));
  };
}

/** An array whose invalid items are dropped (members of a newer producer the view cannot show). */
export function arrLenient<T>(check: Check<T>, max = 100_000): Check<T[]> {
  return (v, at) => {
    if (!Array.isArray(v)) throw new ProtocolError(at, `an array, got ${describe(v)}`);
    const out: T[] = [];
    for (let i = 0; i < v.length && out.length < max; i++) {
      try {
        out.push(check(v[i], `${at}[${i}]`));
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
      }
    }
    return out;
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Own property, written with defineProperty so a key like `__proto__` stays plain data. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function record<T>(check: Check<T>, maxKeys = 10_000): Check<Record<string, T>> {
  return (v, at) => {
    if (!isPlainObject(v)) throw new ProtocolError(at, `an object, got ${describe(v)}`);
    const keys = Object.keys(v);
    if (keys.length > maxKeys) throw new ProtocolError(at, `at most ${maxKeys} keys`);
    const out: Record<string, T> = {};
    for (const k of keys) put(out, k, check(v[k], `${at}[${JSON.stringify(k)}]`));
    return out;
  };
}

export function obj<S extends Shape>(shape: S): Check<ObjectOf<S>> {
  const entries = Object.entries(shape);
  return (v, at) => {
    if (!isPlainObject(v)) throw new ProtocolError(at, `an object, got ${describe(v)}`);
    const out: Record<string, unknown> = {};
    for (const [key, check] of entries) {
      const value = check(v[key], `${at}.${key}`);
      if (value !== undefined) put(out, key, value);
    }
    return out as ObjectOf<S>;
  };
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends Pick<T, K>` is the standard optional-key test
type OptionalKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];
/** The validator shape of a declared type: every key, required ones as Check, optional ones as opt(). */
export type ShapeOf<T> = { [K in Exclude<keyof T, OptionalKeysOf<T>>]: Check<T[K]> } & {
  [K in OptionalKeysOf<T>]: OptionalCheck<Exclude<T[K], undefined>>;
};

/**
 * A validator for a type declared elsewhere (the status model in status-protocol.ts): the shape must
 * name every key of T with a check of its type, and no other key, so the type is declared once.
 */
export function objOf<T>(shape: ShapeOf<T>): Check<T> {
  return obj(shape as unknown as Shape) as unknown as Check<T>;
}

/** `fallback` when absent: fields a producer may leave out that the view needs. */
export function withDefault<T>(check: Check<T>, fallback: () => T): Check<T> {
  return (v, at) => (v === undefined ? fallback() : check(v, at));
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Plain JSON data (a parsed Kubernetes object): only null, booleans, finite numbers, strings, arrays
 * and plain objects, depth ≤ 100. Checked in place and returned as is — these trees are the bulk of
 * a message (a thousand objects), and a structured-cloned message owns them already.
 */
export const json: Check<JsonValue> = (v, at) => {
  checkJson(v, at, 0);
  return v as JsonValue;
};

function checkJson(v: unknown, at: string, depth: number): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (depth > 100) throw new ProtocolError(at, 'JSON nested at most 100 levels');
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ProtocolError(at, 'a finite number');
    return;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) checkJson(v[i], `${at}[${i}]`, depth + 1);
    return;
  }
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null)
      throw new ProtocolError(at, `plain JSON data, got ${(v as object).constructor?.name ?? 'an object'}`);
    for (const k of Object.keys(v)) checkJson((v as Record<string, unknown>)[k], `${at}.${k}`, depth + 1);
    return;
  }
  throw new ProtocolError(at, `JSON data, got ${describe(v)}`);
}

export const jsonObject: Check<JsonObject> = (v, at) => {
  if (!isPlainObject(v)) throw new ProtocolError(at, `an object, got ${describe(v)}`);
  checkJson(v, at, 0);
  return v as JsonObject;
};

type Variants = Record<string, Shape>;
export type MessageOf<M extends Variants> = {
  [K in keyof M & string]: Simplify<{ type: K } & ObjectOf<M[K]>>;
}[keyof M & string];

/** A union discriminated by `type`; each member's other fields are validated by its shape. */
export function messages<M extends Variants>(variants: M): Check<MessageOf<M>> {
  const checks = new Map(Object.entries(variants).map(([type, shape]) => [type, obj(shape)]));
  return (v, at) => {
    if (!isPlainObject(v)) throw new ProtocolError(at, `a message object, got ${describe(v)}`);
    const type = v.type;
    const check = typeof type === 'string' ? checks.get(type) : undefined;
    if (!check)
      throw new ProtocolError(
        `${at}.type`,
        `one of ${[...checks.keys()].join(', ')}, got ${JSON.stringify(type)?.slice(0, 60)}`,
      );
    return { type, ...check(v, at) } as MessageOf<M>;
  };
}

// ---------------------------------------------------------------------------------------------
// Review data: what the webview displays (host → webview)
// ---------------------------------------------------------------------------------------------

const path = str(4096);
const name = str(1024);
const text = str(200_000);

/**
 * A place in a file the host can open. `file` is an absolute path on the host; `line` and
 * `character` are 0-based (LSP). `role` says what the place is, for the label and for which editor
 * column it opens in.
 */
export const sourceLocation = obj({
  file: path,
  line: int(0),
  character: opt(int(0)),
  role: opt(oneOf('template', 'values', 'intent', 'chart', 'policy')),
});
export type SourceLocation = Infer<typeof sourceLocation>;

export const severity = oneOf('error', 'warning', 'info', 'hint');
export type FindingSeverity = Infer<typeof severity>;

/**
 * The finding shape the webview displays, one per rendered object it concerns (or per environment
 * for chart-level findings). The review pipeline maps its findings to it:
 * - `ruleId`: the stable rule id (`helm-baseline/require-resource-limits`, `HI-K8S-003`, `helm-lint`);
 * - `policy`: the policy that holds the rule (e.g. `helm-baseline`), absent for non-policy checks;
 * - `source`: the check that produced it (`policy`, `kube-schema`, `helm-lint`, …), shown as a tag;
 * - `environments`: every environment with this finding (the view shows "also in …");
 * - `namespaces`: the namespaces it was evaluated in (seed §2: policies see the release namespace);
 * - `objectPath`: the field in the rendered object, e.g. `spec.template.spec.containers[0].resources`;
 * - `locations`: where to go, most specific first: the template line, then the values key, then the
 *   intent field. Clicking the finding opens the first and the others beside it.
 */
export const webviewFinding = obj({
  severity,
  ruleId: name,
  policy: opt(name),
  source: opt(name),
  message: text,
  remediation: opt(text),
  environments: arr(name, 100),
  namespaces: opt(arr(name, 100)),
  objectPath: opt(str(4096)),
  locations: arr(sourceLocation, 20),
});
export type WebviewFinding = Infer<typeof webviewFinding>;

/** One object of `helm template` output for one environment. */
export const renderedObject = obj({
  /** Stable across environments and refreshes: see objectId(). */
  id: str(2048),
  apiVersion: name,
  kind: name,
  name: name,
  namespace: opt(name),
  labels: record(str(4096), 500),
  /** The template that rendered it, at the line where its document starts. */
  source: opt(sourceLocation),
  /** `helm.sh/hook` annotation value (hooks and tests are shown with a badge). */
  hook: opt(name),
  /** The rendered YAML text, as helm printed it (with the `# Source:` comment). */
  yaml: str(2_000_000),
  /** The parsed object (for the environment diff). */
  object: jsonObject,
  findings: arr(webviewFinding, 10_000),
});
export type RenderedObject = Infer<typeof renderedObject>;

export const environmentRender = obj({
  name,
  /** The namespace the environment deploys to (passed to `helm template --namespace`). */
  namespace: opt(name),
  /** Absolute paths of the values files layered over values.yaml. */
  valuesFiles: arr(path, 50),
  ok: bool,
  /** Why nothing rendered (helm's error, explained). */
  error: opt(text),
  objects: arr(renderedObject, 20_000),
  /** Findings about the chart as a whole in this environment (lint, missing dependencies). */
  findings: arr(webviewFinding, 10_000),
  renderMs: opt(num),
});
export type EnvironmentRender = Infer<typeof environmentRender>;

export const reviewData = obj({
  chart: obj({ name, dir: path, version: opt(name), intentFile: opt(path) }),
  environments: arr(environmentRender, 50),
  /** ISO time of the render. */
  generatedAt: str(64),
  /** What produced the data, e.g. "helm template" or "review pipeline". */
  producer: name,
  /** Notes shown above the objects, e.g. "postgresql rendered with an empty stand-in". */
  notes: opt(arr(text, 50)),
});
export type ReviewData = Infer<typeof reviewData>;

/** `group/Kind/namespace/name`: the version is left out so v1 → v2 of an API is the same object. */
export function objectId(apiVersion: string, kind: string, name: string, namespace?: string): string {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return `${group}/${kind}/${namespace ?? ''}/${name}`;
}

// ---------------------------------------------------------------------------------------------
// Live status model (owned by server/protocol/status-protocol.ts; validated here)
// ---------------------------------------------------------------------------------------------

const iso = opt(str(64));
const health = lenientOneOf('unknown', 'healthy', 'progressing', 'paused', 'degraded', 'aborted', 'missing', 'unknown');

const clusterInfo = objOf<ClusterInfo>({
  state: lenientOneOf(
    'config-error',
    'no-cluster-configured',
    'config-error',
    'unreachable',
    'unauthorized',
    'forbidden',
    'ok',
  ),
  context: opt(name),
  cluster: opt(name),
  user: opt(name),
  server: opt(str(2048)),
  namespace: name,
  contexts: arrLenient(obj({ name, cluster: opt(name), namespace: opt(name) }), 1000),
  kubeconfigFiles: arr(path, 100),
  message: opt(text),
  nextStep: opt(text),
  deniedRequest: opt(text),
});

const releaseRevision = objOf<ReleaseRevision>({
  revision: int(0),
  status: name,
  chartName: name,
  chartVersion: name,
  appVersion: opt(name),
  description: opt(text),
  updated: iso,
});

const releaseStatus = objOf<ReleaseStatus>({
  name,
  namespace: name,
  found: bool,
  source: lenientOneOf('helm', 'secrets', 'helm'),
  current: opt(releaseRevision),
  history: arrLenient(releaseRevision, 1000),
  notes: opt(text),
  error: opt(text),
});

const canaryStep = obj({
  index: int(0),
  kind: lenientOneOf(
    'unknown',
    'setWeight',
    'pause',
    'analysis',
    'experiment',
    'setCanaryScale',
    'setHeaderRoute',
    'setMirrorRoute',
    'plugin',
    'unknown',
  ),
  label: text,
  weight: opt(num),
  duration: opt(name),
  state: lenientOneOf('pending', 'done', 'current', 'pending'),
});

const argoRollout = objOf<ArgoRolloutStatus>({
  strategy: lenientOneOf('unknown', 'canary', 'blueGreen', 'unknown'),
  phase: name,
  phaseMessage: opt(text),
  currentStepIndex: opt(int(0)),
  steps: arrLenient(canaryStep, 1000),
  setWeight: opt(num),
  actualWeight: opt(num),
  paused: bool,
  aborted: bool,
  pauseConditions: arrLenient(obj({ reason: name, startTime: iso }), 100),
  analysisRuns: arrLenient(
    obj({
      name,
      phase: name,
      message: opt(text),
      role: opt(lenientOneOf('other', 'step', 'background', 'pre-promotion', 'post-promotion', 'other')),
    }),
    1000,
  ),
  stableRS: opt(name),
  currentPodHash: opt(name),
});

const workloadStatus = objOf<WorkloadStatus>({
  kind: oneOf('Deployment', 'StatefulSet', 'DaemonSet', 'Rollout'),
  apiVersion: name,
  name,
  namespace: name,
  health,
  done: bool,
  message: text,
  generation: opt(int(0)),
  observedGeneration: opt(int(0)),
  replicas: obj({ desired: int(0), current: int(0), updated: int(0), ready: int(0), available: int(0) }),
  images: arr(str(4096), 100),
  rollout: opt(argoRollout),
  selector: opt(str(4096)),
});

const hpaStatus = objOf<HpaStatus>({
  name,
  namespace: name,
  target: obj({ kind: name, name }),
  minReplicas: opt(int(0)),
  maxReplicas: int(0),
  currentReplicas: int(0),
  desiredReplicas: int(0),
  metrics: arrLenient(obj({ name, current: opt(name), target: opt(name) }), 100),
  problem: opt(text),
});

const podStatus = objOf<PodStatus>({
  name,
  namespace: name,
  phase: name,
  ready: bool,
  readyContainers: int(0),
  totalContainers: int(0),
  restarts: int(0),
  node: opt(name),
  owner: opt(name),
  role: opt(oneOf('canary', 'stable')),
  problems: arrLenient(
    obj({
      container: name,
      reason: name,
      state: oneOf('waiting', 'terminated'),
      message: opt(text),
      exitCode: opt(int(-1_000_000, 1_000_000)),
      finishedAt: iso,
    }),
    100,
  ),
  logTail: opt(arr(text, 1000)),
  startedAt: iso,
  unschedulable: opt(text),
});

const warningEvent = objOf<WarningEvent>({ object: name, reason: name, message: text, count: int(0), lastSeen: iso });

const hintData = record(
  ((v: unknown, at: string) => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    throw new ProtocolError(at, `a string, number or boolean, got ${describe(v)}`);
  }) as Check<string | number | boolean>,
  100,
);

const healthHint = objOf<HealthHint>({
  kind: oneOf(
    'oom-killed',
    'crash-loop',
    'image-pull',
    'progress-deadline',
    'unschedulable',
    'api-not-served',
    'rollout-aborted',
    'analysis-failed',
    'config-error',
  ),
  severity: lenientOneOf('info', 'error', 'warning', 'info'),
  object: name,
  message: text,
  suggestion: text,
  intentField: opt(name),
  data: opt(hintData),
  logTail: opt(arr(text, 1000)),
});

const apiAvailability = objOf<ApiAvailability>({
  apiVersion: name,
  kind: name,
  served: bool,
  resource: opt(name),
  note: opt(text),
});

const gitopsStatus = objOf<GitOpsStatus>({
  kind: oneOf('HelmRelease', 'Application'),
  apiVersion: name,
  name,
  namespace: name,
  ready: bool,
  message: text,
  reason: opt(name),
  sync: opt(name),
  health: opt(name),
  revision: opt(name),
  suspended: opt(bool),
  progressing: opt(bool),
});

const watchState = objOf<WatchState>({
  connected: bool,
  attempt: int(0),
  retryInMs: opt(num),
  lastError: opt(text),
  reconnects: int(0),
  relists: int(0),
});

export const statusModel = objOf<StatusModel>({
  version: oneOf(1),
  generatedAt: str(64),
  cluster: clusterInfo,
  releaseName: opt(name),
  release: opt(releaseStatus),
  workloads: arrLenient(workloadStatus, 5000),
  hpas: arrLenient(hpaStatus, 5000),
  pods: arrLenient(podStatus, 20_000),
  warnings: arrLenient(warningEvent, 5000),
  hints: arrLenient(healthHint, 5000),
  apis: opt(arrLenient(apiAvailability, 5000)),
  overall: obj({
    phase: lenientOneOf(
      'progressing',
      'complete',
      'progressing',
      'paused',
      'degraded',
      'aborted',
      'not-found',
      'unavailable',
    ),
    message: text,
  }),
  watch: opt(watchState),
  /** Additive: an unknown kind from a newer producer drops the section, not the model. */
  gitops: opt(((v: unknown, at: string) => {
    try {
      return gitopsStatus(v, at);
    } catch (e) {
      if (e instanceof ProtocolError) return undefined;
      throw e;
    }
  }) as Check<Infer<typeof gitopsStatus> | undefined>),
});

const actionResult = objOf<ActionResult>({
  ok: bool,
  preview: obj({
    kind: oneOf(
      'helm-dry-run-install',
      'helm-dry-run-upgrade',
      'helm-install',
      'helm-upgrade',
      'helm-rollback',
      'rollout-promote',
      'rollout-promote-full',
      'rollout-abort',
      'rollout-retry',
    ),
    title: text,
    commands: arr(text, 100),
    mutating: bool,
    context: opt(name),
    namespace: name,
  }),
  output: str(1_000_000),
  error: opt(text),
  durationMs: num,
});

// ---------------------------------------------------------------------------------------------
// Host → webview
// ---------------------------------------------------------------------------------------------

export const hostMessage = messages({
  /** New or refreshed review data; the view patches what changed and keeps scroll and selection. */
  'review-data': { data: reviewData },
  /** A render is running (the current data stays on screen). */
  'review-loading': { message: text },
  /** Nothing can render: untrusted workspace, no helm, no chart. `reason` picks the hint shown. */
  'review-unavailable': { reason: oneOf('untrusted', 'helm-missing', 'no-chart', 'error'), message: text },
  /** What the user may do: cluster-changing buttons are disabled when read-only or untrusted. */
  settings: { readOnly: bool, trusted: bool, liveStatus: bool },
  /** The live status model, or null when no status source is connected (`message` says why). */
  status: { status: nullableStatus(), message: opt(text) },
  /** The outcome of an action the webview asked for (shown as a transient note). */
  'action-result': { action: name, ok: bool, message: text, result: opt(actionResult) },
});
export type HostMessage = Infer<typeof hostMessage>;

function nullableStatus(): Check<StatusModel | null> {
  return (v, at) => (v === null ? null : statusModel(v, at));
}

// ---------------------------------------------------------------------------------------------
// Webview → host
// ---------------------------------------------------------------------------------------------

export const rolloutActions = ['promote', 'promote-full', 'abort', 'retry'] as const;
export type RolloutAction = (typeof rolloutActions)[number];

/** Helm actions on the chart's release with one environment's values (the engine adds the safe flags). */
export const helmActions = ['dry-run-install', 'dry-run-upgrade', 'install', 'upgrade'] as const;
export type HelmAction = (typeof helmActions)[number];

export const webviewMessage = messages({
  /** The view loaded (first time or after being hidden): the host sends settings, data and status. */
  ready: {},
  /** Render again now. */
  refresh: {},
  /** Open `file` at `line`; `related` places (values key, intent field) open beside it. */
  'open-location': { file: path, line: int(0), character: opt(int(0)), related: opt(arr(sourceLocation, 10)) },
  /** Health hint quick action: make the intent's resource profile larger (OOMKilled). */
  'edit-intent-profile': { object: name, container: opt(name), intentField: opt(name), profile: opt(name) },
  /** Open the chart's intent at a field, e.g. `spec.image.tag` (health hints). */
  'open-intent-field': { field: name },
  /** Show the last log lines of a pod's container (crash loops). */
  'show-logs': { namespace: name, pod: name, container: opt(name) },
  /** Argo Rollouts promote / abort / retry; the host confirms in a modal and refuses when read-only. */
  'rollout-action': { action: oneOf(...rolloutActions), namespace: name, name },
  /**
   * helm install/upgrade (or their server-side dry-runs) of the chart with `environment`'s values.
   * `release` and `namespace` are what the view showed: the host refuses when its status moved on.
   */
  'helm-action': { action: oneOf(...helmActions), environment: name, release: name, namespace: name },
  /** helm rollback of the release to a revision of its history. */
  'helm-rollback': { revision: int(1, 1_000_000), release: name, namespace: name },
  /** Switch the kube context and/or namespace the status panel reads. */
  'select-kube-context': { context: opt(name), namespace: opt(name) },
  /** The view rejected a message or hit an error: logged to the Output channel. */
  'webview-error': { message: text },
});
export type WebviewMessage = Infer<typeof webviewMessage>;

/** Messages that act on a cluster: modal confirmation, and refused when read-only or untrusted (helm dry-runs too, as guarded actions). */
export function changesCluster(message: WebviewMessage): boolean {
  return message.type === 'rollout-action' || message.type === 'helm-action' || message.type === 'helm-rollback';
}

/** Validates a message; the error is a one-line reason (for logs), never an exception. */
export function parseMessage<T>(
  check: Check<T>,
  value: unknown,
): { ok: true; message: T } | { ok: false; error: string } {
  try {
    return { ok: true, message: check(value, 'message') };
  } catch (e) {
    if (e instanceof ProtocolError) return { ok: false, error: e.message };
    return { ok: false, error: `message: ${e instanceof Error ? e.message : String(e)}` };
  }
}
