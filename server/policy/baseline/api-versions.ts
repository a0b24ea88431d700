/**
 * Kubernetes API versions that were deprecated and removed, from the upstream deprecation guide.
 * For a target version the pack generates Kyverno rules: removed → HI-K8S-024 (Enforce),
 * deprecated but still served → HI-K8S-025 (Audit).
 */
import type { KyvernoPolicy, Rule } from '../types';
import { baselinePolicy } from './kyverno-rules';

export interface ApiRemoval {
  group: string;
  version: string;
  kinds: string[];
  deprecatedIn: string;
  removedIn: string;
  replacement: string;
}

/** One removed API version; its replacement, unless stated, is the same group's `v1`. */
const r = (
  group: string,
  version: string,
  kinds: string[],
  deprecatedIn: string,
  removedIn: string,
  replacement = `${group}/v1`,
): ApiRemoval => ({ group, version, kinds, deprecatedIn, removedIn, replacement });

export const API_REMOVALS: ApiRemoval[] = [
  r(
    'extensions',
    'v1beta1',
    ['Deployment', 'DaemonSet', 'ReplicaSet', 'NetworkPolicy', 'PodSecurityPolicy'],
    '1.8',
    '1.16',
    'apps/v1 (networking.k8s.io/v1 for NetworkPolicy)',
  ),
  r('apps', 'v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet'], '1.9', '1.16'),
  r('apps', 'v1beta2', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'], '1.9', '1.16'),
  r('extensions', 'v1beta1', ['Ingress'], '1.14', '1.22', 'networking.k8s.io/v1'),
  r('networking.k8s.io', 'v1beta1', ['Ingress', 'IngressClass'], '1.19', '1.22'),
  r(
    'rbac.authorization.k8s.io',
    'v1beta1',
    ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    '1.17',
    '1.22',
  ),
  r(
    'admissionregistration.k8s.io',
    'v1beta1',
    ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    '1.16',
    '1.22',
  ),
  r('apiextensions.k8s.io', 'v1beta1', ['CustomResourceDefinition'], '1.16', '1.22'),
  r('scheduling.k8s.io', 'v1beta1', ['PriorityClass'], '1.14', '1.22'),
  r('coordination.k8s.io', 'v1beta1', ['Lease'], '1.14', '1.22'),
  r('certificates.k8s.io', 'v1beta1', ['CertificateSigningRequest'], '1.19', '1.22'),
  r('storage.k8s.io', 'v1beta1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], '1.19', '1.22'),
  r('batch', 'v1beta1', ['CronJob'], '1.21', '1.25'),
  r('discovery.k8s.io', 'v1beta1', ['EndpointSlice'], '1.21', '1.25'),
  r('events.k8s.io', 'v1beta1', ['Event'], '1.19', '1.25'),
  r('autoscaling', 'v2beta1', ['HorizontalPodAutoscaler'], '1.23', '1.25', 'autoscaling/v2'),
  r('policy', 'v1beta1', ['PodDisruptionBudget'], '1.21', '1.25'),
  r('policy', 'v1beta1', ['PodSecurityPolicy'], '1.21', '1.25', 'Pod Security Admission (no replacement object)'),
  r('node.k8s.io', 'v1beta1', ['RuntimeClass'], '1.20', '1.25'),
  r('autoscaling', 'v2beta2', ['HorizontalPodAutoscaler'], '1.23', '1.26', 'autoscaling/v2'),
  r('flowcontrol.apiserver.k8s.io', 'v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], '1.23', '1.26'),
  r('storage.k8s.io', 'v1beta1', ['CSIStorageCapacity'], '1.24', '1.27'),
  r('flowcontrol.apiserver.k8s.io', 'v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], '1.26', '1.29'),
  r('flowcontrol.apiserver.k8s.io', 'v1beta3', ['FlowSchema', 'PriorityLevelConfiguration'], '1.29', '1.32'),
];

/** `1.22` < `1.3` is false: compares minor numbers. */
export function minorOf(version: string): number {
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  if (!m) throw new Error(`kubernetesVersion '${version}' is not a version like 1.34`);
  return Number(m[1]) * 1000 + Number(m[2]);
}

export function apiVersionPolicies(kubernetesVersion: string): KyvernoPolicy[] {
  const target = minorOf(kubernetesVersion);
  const removed: Rule[] = [];
  const deprecated: Rule[] = [];
  for (const a of API_REMOVALS) {
    const isRemoved = minorOf(a.removedIn) <= target;
    const isDeprecated = !isRemoved && minorOf(a.deprecatedIn) <= target;
    if (!isRemoved && !isDeprecated) continue;
    const rule: Rule = {
      name: `${isRemoved ? 'removed' : 'deprecated'}-${a.group.replace(/\./g, '-')}-${a.version}-${a.kinds[0].toLowerCase()}`,
      match: { any: [{ resources: { kinds: a.kinds.map((k) => `${a.group}/${a.version}/${k}`) } }] },
      validate: {
        message: `{{ request.object.kind }} ${a.group}/${a.version} was ${isRemoved ? `removed in Kubernetes ${a.removedIn}` : `deprecated in Kubernetes ${a.deprecatedIn} and is removed in ${a.removedIn}`} (target ${kubernetesVersion}); use ${a.replacement}.`,
        deny: {},
      },
    };
    (isRemoved ? removed : deprecated).push(rule);
  }
  const out: KyvernoPolicy[] = [];
  if (removed.length) out.push(withRules(baselinePolicy('HI-K8S-024', { name: 'placeholder' }, ['*']), removed));
  if (deprecated.length) out.push(withRules(baselinePolicy('HI-K8S-025', { name: 'placeholder' }, ['*']), deprecated));
  return out;
}

function withRules(p: KyvernoPolicy, rules: Rule[]): KyvernoPolicy {
  return { ...p, spec: { ...p.spec, rules } };
}
