/**
 * Kind groups appear in helm's install order (namespaces and RBAC first, workloads, then what
 * routes to them), so the review reads like what the cluster receives. Unknown kinds (CRDs) last,
 * alphabetically.
 */
const INSTALL_ORDER = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];
const RANK = new Map(INSTALL_ORDER.map((k, i) => [k, i]));

/** Argo's Rollout sits with the Deployments; an AnalysisTemplate right before it. */
RANK.set('Rollout', RANK.get('Deployment')! + 0.5);
RANK.set('AnalysisTemplate', RANK.get('Deployment')! - 0.5);

export function compareKinds(a: string, b: string): number {
  const ra = RANK.get(a) ?? Infinity;
  const rb = RANK.get(b) ?? Infinity;
  return ra === rb ? a.localeCompare(b) : ra - rb;
}
