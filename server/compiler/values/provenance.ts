import type { AnyIntent } from '../../model/effective-intent';

/**
 * Which intent path produced which values keys (and which other chart files), so a finding on a
 * rendered object can be traced back to the intent line that caused it.
 * `nested`: deeper intent paths map one-to-one below the (single) values key.
 */
interface ProvenanceEntry {
  intent: string;
  values: string[];
  nested?: boolean;
  files?: string[];
}

const DEPLOYMENT_INTENT: ProvenanceEntry[] = [
  { intent: 'metadata.name', values: [], files: ['Chart.yaml'] },
  { intent: 'metadata.namespace', values: [] },
  { intent: 'metadata.labels', values: ['commonLabels'], nested: true },
  { intent: 'metadata.annotations', values: ['commonAnnotations'], nested: true },
  { intent: 'spec.image', values: ['image'], nested: true },
  { intent: 'spec.image.tag', values: ['image.tag'], files: ['Chart.yaml'] },
  { intent: 'spec.tier', values: ['tier', 'resources'] },
  { intent: 'spec.workload', values: [], files: ['templates/deployment.yaml', 'templates/statefulset.yaml'] },
  { intent: 'spec.replicas', values: ['replicaCount'] },
  { intent: 'spec.port', values: ['containerPort'] },
  { intent: 'spec.resources', values: ['resources'], nested: true },
  { intent: 'spec.resources.profile', values: ['resources'] },
  { intent: 'spec.autoscaling', values: ['autoscaling'], nested: true },
  { intent: 'spec.rollout', values: ['rollout'], nested: true, files: ['templates/rollout.yaml'] },
  { intent: 'spec.rollout.steps', values: ['rollout.canary.steps'], nested: true },
  { intent: 'spec.rollout.autoPromotion', values: ['rollout.blueGreen.autoPromotionEnabled'] },
  {
    intent: 'spec.rollout.analysis',
    values: ['rollout.analysis'],
    nested: true,
    files: ['templates/analysistemplate.yaml'],
  },
  { intent: 'spec.security', values: ['podSecurityContext', 'securityContext'] },
  { intent: 'spec.security.runAsNonRoot', values: ['podSecurityContext.runAsNonRoot', 'securityContext.runAsNonRoot'] },
  { intent: 'spec.security.runAsUser', values: ['podSecurityContext.runAsUser', 'securityContext.runAsUser'] },
  { intent: 'spec.security.runAsGroup', values: ['podSecurityContext.runAsGroup', 'securityContext.runAsGroup'] },
  { intent: 'spec.security.fsGroup', values: ['podSecurityContext.fsGroup'] },
  { intent: 'spec.security.readOnlyRootFilesystem', values: ['securityContext.readOnlyRootFilesystem'] },
  { intent: 'spec.security.dropAllCapabilities', values: ['securityContext.capabilities'] },
  { intent: 'spec.security.allowPrivilegeEscalation', values: ['securityContext.allowPrivilegeEscalation'] },
  {
    intent: 'spec.security.seccompProfile',
    values: ['podSecurityContext.seccompProfile', 'securityContext.seccompProfile'],
  },
  { intent: 'spec.probe', values: ['livenessProbe', 'readinessProbe'] },
  { intent: 'spec.probes.liveness', values: ['livenessProbe'] },
  { intent: 'spec.probes.readiness', values: ['readinessProbe'] },
  { intent: 'spec.probes.startup', values: ['startupProbe'] },
  { intent: 'spec.service', values: ['service'], nested: true },
  { intent: 'spec.exposure', values: ['ingress'] },
  { intent: 'spec.exposure.type', values: ['ingress.enabled'] },
  { intent: 'spec.exposure.host', values: ['ingress.host'] },
  { intent: 'spec.exposure.ingressClass', values: ['ingress.className'] },
  { intent: 'spec.exposure.path', values: ['ingress.path'] },
  { intent: 'spec.exposure.tlsSecretName', values: ['ingress.tls'] },
  { intent: 'spec.exposure.annotations', values: ['ingress.annotations'], nested: true },
  { intent: 'spec.networkPolicy', values: ['networkPolicy'], nested: true },
  { intent: 'spec.env', values: ['config.env'], nested: true },
  { intent: 'spec.secrets', values: ['secrets'], nested: true, files: ['templates/externalsecret.yaml'] },
  { intent: 'spec.dependencies', values: [], files: ['Chart.yaml'] },
  {
    intent: 'spec.migrations',
    values: ['migrations'],
    nested: true,
    files: ['templates/hooks/pre-upgrade-migration.yaml'],
  },
  { intent: 'spec.migrations.timeout', values: ['migrations.activeDeadlineSeconds'] },
  { intent: 'spec.tests', values: ['tests'] },
  {
    intent: 'spec.tests.connection',
    values: ['tests.connection.enabled'],
    files: ['templates/tests/test-connection.yaml'],
  },
  { intent: 'spec.pdb', values: ['pdb'], nested: true },
  { intent: 'spec.observability', values: ['metrics'] },
  { intent: 'spec.observability.metrics', values: ['metrics'], nested: true },
  {
    intent: 'spec.observability.metrics.serviceMonitor',
    values: ['metrics.serviceMonitor.enabled'],
    files: ['templates/servicemonitor.yaml'],
  },
  { intent: 'spec.serviceAccount', values: ['serviceAccount'], nested: true },
  { intent: 'spec.requirements', values: [] },
];

const SERVICE_INTENT: ProvenanceEntry[] = [
  { intent: 'metadata.name', values: [], files: ['Chart.yaml'] },
  { intent: 'metadata.namespace', values: [] },
  { intent: 'metadata.labels', values: ['commonLabels'], nested: true },
  { intent: 'metadata.annotations', values: ['commonAnnotations'], nested: true },
  { intent: 'spec.tier', values: ['tier', 'resources'] },
  {
    intent: 'spec.workload.containerImage',
    values: ['image.repository', 'image.tag', 'image.digest'],
    files: ['Chart.yaml'],
  },
  { intent: 'spec.workload.resources', values: ['resources', 'autoscaling'] },
  { intent: 'spec.workload.replicas', values: ['replicaCount'] },
  { intent: 'spec.workload.port', values: ['containerPort'] },
  { intent: 'spec.networking.exposure', values: ['ingress'] },
  { intent: 'spec.networking.host', values: ['ingress.host'] },
  { intent: 'spec.networking.authPolicy', values: ['ingress.annotations'] },
  { intent: 'spec.observability.metrics', values: ['metrics'] },
];

export interface ValuesLocation {
  /** `values.yaml`, or `values-<env>.yaml` for a path under `spec.environments.<env>`. */
  file: string;
  keys: string[];
  /** Other chart files the path shapes (Chart.yaml, a template that exists only because of it). */
  files: string[];
}

type Segment = string | number;

function toSegments(path: string | Segment[]): string[] {
  return (typeof path === 'string' ? path.split('.') : path).map(String).filter((s) => s !== '');
}

function entriesFor(kind: string | undefined): ProvenanceEntry[] {
  return kind === 'ServiceIntent' ? SERVICE_INTENT : DEPLOYMENT_INTENT;
}

/**
 * The values keys an intent path produced. `intent` (optional) resolves dependency indexes to
 * their values key and picks the table of the intent's kind.
 * Example: `spec.resources.profile` → `{file: 'values.yaml', keys: ['resources']}`;
 * `spec.environments.dev.replicas` → `{file: 'values-dev.yaml', keys: ['replicaCount']}`.
 */
export function valuesKeysForIntentPath(path: string | Segment[], intent?: AnyIntent): ValuesLocation {
  let segs = toSegments(path);
  let file = 'values.yaml';
  if (segs[0] === 'spec' && segs[1] === 'environments' && segs.length >= 3) {
    file = `values-${segs[2]}.yaml`;
    if (segs[3] === 'namespace' || segs.length === 3) return { file, keys: [], files: [file] };
    if (segs[3] === 'dependencies')
      return { file, keys: segs[4] ? [[segs[4], ...segs.slice(5)].join('.')] : [], files: [] };
    segs = ['spec', ...segs.slice(3)];
  }
  if (segs[0] === 'spec' && segs[1] === 'dependencies' && segs.length >= 3 && intent?.kind !== 'ServiceIntent') {
    const dep = (intent?.spec as { dependencies?: Array<{ name: string; alias?: string }> } | undefined)
      ?.dependencies?.[Number(segs[2])];
    const key = dep ? (dep.alias ?? dep.name) : undefined;
    if (!key) return { file, keys: [], files: ['Chart.yaml'] };
    const rest = segs[3] === 'values' ? segs.slice(4) : segs[3] === 'enabled' ? ['enabled'] : [];
    return { file, keys: [[key, ...rest].join('.')], files: ['Chart.yaml'] };
  }
  let best: ProvenanceEntry | undefined;
  let bestLength = 0;
  for (const entry of entriesFor(intent?.kind)) {
    const e = entry.intent.split('.');
    if (e.length > bestLength && e.length <= segs.length && e.every((s, i) => s === segs[i])) {
      best = entry;
      bestLength = e.length;
    }
  }
  if (!best) return { file, keys: [], files: [] };
  const rest = segs.slice(bestLength);
  const keys =
    rest.length && best.nested && best.values.length === 1 ? [[best.values[0], ...rest].join('.')] : best.values;
  return { file, keys, files: best.files ?? [] };
}

/** The intent paths that feed a values key (most specific first), e.g. `resources.limits.cpu` → `spec.resources.limits.cpu`. */
export function intentPathsForValuesKey(
  key: string,
  kind: 'DeploymentIntent' | 'ServiceIntent' = 'DeploymentIntent',
): string[] {
  const matches: Array<{ path: string; score: number }> = [];
  for (const entry of entriesFor(kind)) {
    for (const v of entry.values) {
      if (key === v) matches.push({ path: entry.intent, score: v.length * 2 + 1 });
      else if (key.startsWith(v + '.'))
        matches.push({
          path: entry.nested ? `${entry.intent}${key.slice(v.length)}` : entry.intent,
          score: v.length * 2,
        });
    }
  }
  matches.sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
  return [...new Set(matches.map((m) => m.path))];
}

/** The whole table, e.g. to show it in docs: intent path → values keys. */
export function provenanceTable(
  kind: 'DeploymentIntent' | 'ServiceIntent' = 'DeploymentIntent',
): Array<{ intent: string; values: string[]; files: string[] }> {
  return entriesFor(kind).map((e) => ({ intent: e.intent, values: [...e.values], files: [...(e.files ?? [])] }));
}
