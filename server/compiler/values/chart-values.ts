import type { CanaryStep, Probe, Spec, Tier } from '../../model/schema-types.generated';
import { BUILT_IN_PROFILES, type PlatformConfig } from '../../model/platform-config';
import { durationSeconds } from '../../core/duration';
import { DEFAULT_CANARY_STEPS } from '../../core/canary-steps';

/**
 * The chart's values model: the only place that decides which values keys exist and what an
 * intent spec puts into them. values.yaml, values-<env>.yaml, values.schema.json, the README
 * table and the templates all read this shape.
 */
export interface ChartValues {
  nameOverride: string;
  fullnameOverride: string;
  tier: Tier;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  image: { repository: string; tag: string; digest: string; pullPolicy: string };
  imagePullSecrets: Array<{ name: string }>;
  replicaCount: number;
  containerPort: number;
  resources: { requests: Amounts; limits: Amounts };
  autoscaling: {
    enabled: boolean;
    minReplicas: number;
    maxReplicas: number;
    targetCPUUtilizationPercentage: number;
    targetMemoryUtilizationPercentage: number;
  };
  rollout: {
    strategy: 'rolling' | 'canary' | 'blueGreen';
    maxSurge: number | string;
    maxUnavailable: number | string;
    canary?: { steps: CanaryStep[] };
    blueGreen?: { autoPromotionEnabled: boolean };
    analysis?: {
      enabled: boolean;
      successRate: number;
      prometheusAddress: string;
      query: string;
      interval: string;
      failureLimit: number;
    };
  };
  podAnnotations: Record<string, string>;
  podSecurityContext: Record<string, unknown>;
  securityContext: Record<string, unknown>;
  livenessProbe: ProbeValues;
  readinessProbe: ProbeValues;
  startupProbe: ProbeValues;
  service: { enabled: boolean; type: string; port: number };
  ingress: {
    enabled: boolean;
    className: string;
    host: string;
    path: string;
    annotations: Record<string, string>;
    tls: { enabled: boolean; secretName: string };
  };
  networkPolicy: {
    enabled: boolean;
    ingressFrom: string[];
    ingressControllerNamespace: string;
    egress: Array<Record<string, unknown>>;
  };
  config: { enabled: boolean; env: Record<string, string> };
  secrets: Array<{
    env: string;
    secretRef?: { name: string; key: string };
    externalSecret?: { store: string; key: string; property?: string };
  }>;
  externalSecrets?: { enabled: boolean; refreshInterval: string; storeKind: string };
  serviceAccount: { create: boolean; name: string; automountToken: boolean; annotations: Record<string, string> };
  pdb: { enabled: boolean; minAvailable: number | string; maxUnavailable: number | string };
  metrics: { enabled: boolean; path: string; port: number; serviceMonitor?: { enabled: boolean; interval: string } };
  migrations?: {
    enabled: boolean;
    image: string;
    command: string[];
    hook: string;
    hookWeight: number;
    backoffLimit: number;
    activeDeadlineSeconds: number;
  };
  persistence?: { enabled: boolean; size: string; storageClass: string; mountPath: string };
  tests: { connection: { enabled: boolean; image: string; dependencies: DependencyCheck[] } };
  terminationGracePeriodSeconds: number;
  topologySpread: { enabled: boolean; maxSkew: number; topologyKey: string; whenUnsatisfiable: string };
  nodeSelector: Record<string, string>;
  tolerations: unknown[];
  affinity: Record<string, unknown>;
  /** Subchart values, keyed by dependency alias or name. */
  [dependencyKey: string]: unknown;
}

export type Amounts = { cpu: string | number; memory: string };
export type ProbeValues = { enabled: boolean } & Record<string, unknown>;
/** A reachability check of the connection test for one enabled dependency. */
export interface DependencyCheck {
  valuesKey: string;
  /** Service name suffix after `<release>-` (Bitnami naming). */
  service: string;
  port: number;
}

/** Well-known dependency charts: the service the connection test dials and its port. */
const KNOWN_DEPENDENCY_SERVICES: Record<string, { suffix: string; port: number }> = {
  postgresql: { suffix: '', port: 5432 },
  mysql: { suffix: '', port: 3306 },
  mariadb: { suffix: '', port: 3306 },
  mongodb: { suffix: '', port: 27017 },
  redis: { suffix: '-master', port: 6379 },
  valkey: { suffix: '-primary', port: 6379 },
  rabbitmq: { suffix: '', port: 5672 },
  kafka: { suffix: '', port: 9092 },
  memcached: { suffix: '', port: 11211 },
  elasticsearch: { suffix: '', port: 9200 },
};

const DEFAULT_PORT = 8080;
export const TEST_IMAGE = 'busybox:1.36.1';

/** Values for one spec (the base spec, or the spec as one environment sees it). */
export function buildValues(
  spec: Spec,
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> },
  config: PlatformConfig,
): ChartValues {
  const tierPolicy = config.tiers[spec.tier];
  const port = spec.port ?? DEFAULT_PORT;
  const autoscaling = buildAutoscaling(spec, tierPolicy.minReplicas);
  const replicaCount =
    spec.replicas ?? (autoscaling.enabled ? autoscaling.minReplicas : Math.max(1, tierPolicy.minReplicas));
  const runsSeveral = autoscaling.enabled ? autoscaling.minReplicas > 1 : replicaCount > 1;
  const security = spec.security ?? {};
  const strategy = spec.workload === 'statefulset' ? 'rolling' : (spec.rollout?.strategy ?? 'rolling');
  const metrics = spec.observability?.metrics;

  return {
    nameOverride: '',
    fullnameOverride: '',
    tier: spec.tier,
    commonLabels: sortedMap(metadata.labels),
    commonAnnotations: sortedMap(metadata.annotations),
    image: {
      repository: spec.image.repository,
      tag: spec.image.tag ?? '',
      digest: spec.image.digest ?? '',
      pullPolicy: spec.image.pullPolicy ?? 'IfNotPresent',
    },
    imagePullSecrets: [],
    replicaCount,
    containerPort: port,
    resources: buildResources(spec, config),
    autoscaling,
    rollout: {
      strategy,
      maxSurge: spec.rollout?.maxSurge ?? '25%',
      maxUnavailable: spec.rollout?.maxUnavailable ?? 0,
      canary: { steps: spec.rollout?.steps ?? [...DEFAULT_CANARY_STEPS] },
      blueGreen: { autoPromotionEnabled: spec.rollout?.autoPromotion ?? false },
      analysis: {
        enabled: spec.rollout?.analysis !== undefined,
        successRate: spec.rollout?.analysis?.successRate ?? 0.95,
        prometheusAddress: spec.rollout?.analysis?.prometheusAddress ?? '',
        query: spec.rollout?.analysis?.query ?? '',
        interval: spec.rollout?.analysis?.interval ?? '1m',
        failureLimit: spec.rollout?.analysis?.failureLimit ?? 3,
      },
    },
    podAnnotations: {},
    podSecurityContext: compact({
      runAsNonRoot: security.runAsNonRoot ?? true,
      runAsUser: security.runAsUser,
      runAsGroup: security.runAsGroup,
      fsGroup: security.fsGroup,
      seccompProfile: { type: security.seccompProfile ?? 'RuntimeDefault' },
    }),
    securityContext: compact({
      runAsNonRoot: security.runAsNonRoot ?? true,
      runAsUser: security.runAsUser,
      runAsGroup: security.runAsGroup,
      readOnlyRootFilesystem: security.readOnlyRootFilesystem ?? true,
      allowPrivilegeEscalation: security.allowPrivilegeEscalation ?? false,
      privileged: false,
      capabilities: (security.dropAllCapabilities ?? true) ? { drop: ['ALL'] } : undefined,
      seccompProfile: { type: security.seccompProfile ?? 'RuntimeDefault' },
    }),
    livenessProbe: buildProbe(spec.probes?.liveness ?? spec.probe, LIVENESS_DEFAULTS),
    readinessProbe: buildProbe(spec.probes?.readiness ?? spec.probe, READINESS_DEFAULTS),
    startupProbe: spec.probes?.startup ? buildProbe(spec.probes.startup, STARTUP_DEFAULTS) : { enabled: false },
    service: {
      enabled: spec.service?.enabled ?? true,
      type: spec.service?.type ?? 'ClusterIP',
      port: spec.service?.port ?? 80,
    },
    ingress: {
      enabled: spec.exposure?.type === 'public-ingress',
      className: spec.exposure?.ingressClass ?? '',
      host: spec.exposure?.host ?? '',
      path: spec.exposure?.path ?? '/',
      annotations: sortedMap(spec.exposure?.annotations),
      tls: { enabled: spec.exposure?.tlsSecretName !== undefined, secretName: spec.exposure?.tlsSecretName ?? '' },
    },
    networkPolicy: {
      enabled: spec.networkPolicy ? (spec.networkPolicy.enabled ?? true) : tierPolicy.requireNetworkPolicy,
      ingressFrom: spec.networkPolicy?.ingressFrom ?? [],
      ingressControllerNamespace: 'ingress-nginx',
      egress: (spec.networkPolicy?.egress ?? []).map((e) =>
        compact({
          cidr: e.cidr,
          namespace: e.namespace,
          podLabels: e.podLabels && sortedMap(e.podLabels),
          ports: e.ports,
        }),
      ),
    },
    config: {
      enabled: Object.keys(spec.env ?? {}).length > 0,
      env: sortedMap(Object.fromEntries(Object.entries(spec.env ?? {}).map(([k, v]) => [k, String(v)]))),
    },
    // Literal `value` entries are never compiled: the checks reject them, the chart never holds a secret.
    secrets: (spec.secrets ?? [])
      .filter((s) => s.secretRef || s.externalSecret)
      .map((s) =>
        s.secretRef
          ? { env: s.env, secretRef: { name: s.secretRef.name, key: s.secretRef.key } }
          : {
              env: s.env,
              externalSecret: compact({
                store: s.externalSecret!.store,
                key: s.externalSecret!.key,
                property: s.externalSecret!.property,
              }) as { store: string; key: string },
            },
      ),
    externalSecrets: { enabled: true, refreshInterval: '1h', storeKind: 'ClusterSecretStore' },
    serviceAccount: {
      create: spec.serviceAccount?.create ?? true,
      name: spec.serviceAccount?.name ?? '',
      automountToken: spec.serviceAccount?.automountToken ?? false,
      annotations: sortedMap(spec.serviceAccount?.annotations),
    },
    pdb: {
      enabled: spec.pdb?.enabled ?? runsSeveral,
      minAvailable: spec.pdb?.minAvailable ?? 1,
      maxUnavailable: spec.pdb?.maxUnavailable ?? '',
    },
    metrics: {
      enabled: metrics ? (metrics.enabled ?? true) : false,
      path: metrics?.path ?? '/metrics',
      port: metrics?.port ?? port,
      serviceMonitor: { enabled: metrics?.serviceMonitor ?? false, interval: '30s' },
    },
    migrations: spec.migrations && {
      enabled: spec.migrations.enabled ?? true,
      image: spec.migrations.image ?? '',
      command: [...spec.migrations.command],
      hook: spec.migrations.hook ?? 'pre-install,pre-upgrade',
      hookWeight: -5,
      backoffLimit: spec.migrations.backoffLimit ?? 1,
      activeDeadlineSeconds: spec.migrations.timeout ? durationSeconds(spec.migrations.timeout) : 600,
    },
    persistence:
      spec.workload === 'statefulset'
        ? { enabled: true, size: '1Gi', storageClass: '', mountPath: '/data' }
        : undefined,
    tests: {
      connection: {
        enabled: spec.tests?.connection ?? true,
        image: TEST_IMAGE,
        dependencies: (spec.dependencies ?? []).flatMap((d) => {
          const known = KNOWN_DEPENDENCY_SERVICES[d.name];
          const key = d.alias ?? d.name;
          return known ? [{ valuesKey: key, service: key + known.suffix, port: known.port }] : [];
        }),
      },
    },
    terminationGracePeriodSeconds: 30,
    topologySpread: {
      enabled: true,
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'ScheduleAnyway',
    },
    nodeSelector: {},
    tolerations: [],
    affinity: {},
    ...Object.fromEntries(
      (spec.dependencies ?? []).map((d) => [
        d.alias ?? d.name,
        { enabled: d.enabled ?? true, ...(sortedDeep(d.values ?? {}) as object) },
      ]),
    ),
  };
}

function buildAutoscaling(spec: Spec, tierMinReplicas: number): ChartValues['autoscaling'] {
  const a = spec.autoscaling ?? {};
  // Off and unspecified: fixed defaults, so environments of other tiers do not differ on a switched-off HPA.
  const minReplicas = a.minReplicas ?? (a.enabled ? Math.max(1, tierMinReplicas) : 2);
  const noTarget = a.targetCPUUtilizationPercentage === undefined && a.targetMemoryUtilizationPercentage === undefined;
  return {
    enabled: a.enabled ?? false,
    minReplicas,
    maxReplicas: a.maxReplicas ?? Math.max(3, minReplicas),
    targetCPUUtilizationPercentage: a.targetCPUUtilizationPercentage ?? (noTarget ? 80 : 0),
    targetMemoryUtilizationPercentage: a.targetMemoryUtilizationPercentage ?? 0,
  };
}

/** Profile (named, else the tier's default) with explicit requests/limits winning field by field. */
export function buildResources(spec: Spec, config: PlatformConfig): ChartValues['resources'] {
  const fallbackName = config.tiers[spec.tier].defaultProfile ?? 'medium';
  const profile =
    config.profiles[spec.resources?.profile ?? fallbackName] ??
    config.profiles[fallbackName] ??
    BUILT_IN_PROFILES.medium;
  return {
    requests: { ...profile.requests, ...compact({ ...spec.resources?.requests }) } as Amounts,
    limits: { ...profile.limits, ...compact({ ...spec.resources?.limits }) } as Amounts,
  };
}

const LIVENESS_DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 };
const READINESS_DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 };
const STARTUP_DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 30 };

/**
 * A Kubernetes probe (plus `enabled`). Without any probe in the intent the chart still checks
 * that the container port accepts TCP connections: every workload gets liveness and readiness.
 */
function buildProbe(probe: Probe | undefined, defaults: typeof LIVENESS_DEFAULTS): ProbeValues {
  const port: number | string = probe?.port ?? 'http';
  const action = probe?.exec
    ? { exec: { command: [...probe.exec] } }
    : probe?.path && !probe.tcp
      ? { httpGet: { path: probe.path, port } }
      : { tcpSocket: { port } };
  return {
    enabled: true,
    ...action,
    initialDelaySeconds: probe?.initialDelaySeconds ?? defaults.initialDelaySeconds,
    periodSeconds: probe?.periodSeconds ?? defaults.periodSeconds,
    timeoutSeconds: probe?.timeoutSeconds ?? defaults.timeoutSeconds,
    failureThreshold: probe?.failureThreshold ?? defaults.failureThreshold,
  };
}

/**
 * Maps the user wrote are emitted with sorted keys: YAML maps have no order, so output must not
 * depend on it (lists keep their order; environments keep theirs in chart-context).
 */
function sortedMap<T>(map: Record<string, T> | undefined): Record<string, T> {
  return Object.fromEntries(Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(sortedMap(value as Record<string, unknown>)).map(([k, v]) => [k, sortedDeep(v)]),
    );
  return value;
}

/** Drops undefined fields so they never reach the YAML. */
function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
