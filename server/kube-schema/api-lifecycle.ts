/**
 * Which Kubernetes release serves an apiVersion/kind: the upstream deprecation guide
 * (kubernetes.io/docs/reference/using-api/deprecation-guide) for removed APIs, and the release
 * each replacement went GA, so a chart pinned to an older cluster is told when it uses an API the
 * cluster does not serve yet. Only built-in APIs; CRD versions depend on the installed operator.
 */

export interface ApiLifecycle {
  apiVersion: string;
  kinds: string[];
  /** First release serving it (GA), when it matters for clusters still in support windows. */
  introducedIn?: string;
  deprecatedIn?: string;
  removedIn?: string;
  replacement?: string;
}

const removed = (
  apiVersion: string,
  kinds: string[],
  deprecatedIn: string,
  removedIn: string,
  replacement: string,
): ApiLifecycle => ({ apiVersion, kinds, deprecatedIn, removedIn, replacement });
const ga = (apiVersion: string, kinds: string[], introducedIn: string): ApiLifecycle => ({
  apiVersion,
  kinds,
  introducedIn,
});

export const API_LIFECYCLE: ApiLifecycle[] = [
  removed('extensions/v1beta1', ['Deployment', 'DaemonSet', 'ReplicaSet'], '1.8', '1.16', 'apps/v1'),
  removed('extensions/v1beta1', ['NetworkPolicy'], '1.9', '1.16', 'networking.k8s.io/v1'),
  removed('extensions/v1beta1', ['PodSecurityPolicy'], '1.11', '1.16', 'Pod Security Admission'),
  removed('apps/v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet'], '1.9', '1.16', 'apps/v1'),
  removed('apps/v1beta2', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'], '1.9', '1.16', 'apps/v1'),
  removed('extensions/v1beta1', ['Ingress'], '1.14', '1.22', 'networking.k8s.io/v1'),
  removed('networking.k8s.io/v1beta1', ['Ingress', 'IngressClass'], '1.19', '1.22', 'networking.k8s.io/v1'),
  removed(
    'rbac.authorization.k8s.io/v1beta1',
    ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    '1.17',
    '1.22',
    'rbac.authorization.k8s.io/v1',
  ),
  removed(
    'admissionregistration.k8s.io/v1beta1',
    ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    '1.16',
    '1.22',
    'admissionregistration.k8s.io/v1',
  ),
  removed('apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], '1.16', '1.22', 'apiextensions.k8s.io/v1'),
  removed('apiregistration.k8s.io/v1beta1', ['APIService'], '1.19', '1.22', 'apiregistration.k8s.io/v1'),
  removed('scheduling.k8s.io/v1beta1', ['PriorityClass'], '1.14', '1.22', 'scheduling.k8s.io/v1'),
  removed('coordination.k8s.io/v1beta1', ['Lease'], '1.14', '1.22', 'coordination.k8s.io/v1'),
  removed('certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], '1.19', '1.22', 'certificates.k8s.io/v1'),
  removed(
    'storage.k8s.io/v1beta1',
    ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    '1.19',
    '1.22',
    'storage.k8s.io/v1',
  ),
  removed('batch/v1beta1', ['CronJob'], '1.21', '1.25', 'batch/v1'),
  removed('discovery.k8s.io/v1beta1', ['EndpointSlice'], '1.21', '1.25', 'discovery.k8s.io/v1'),
  removed('events.k8s.io/v1beta1', ['Event'], '1.19', '1.25', 'events.k8s.io/v1'),
  removed('autoscaling/v2beta1', ['HorizontalPodAutoscaler'], '1.22', '1.25', 'autoscaling/v2'),
  removed('policy/v1beta1', ['PodDisruptionBudget'], '1.21', '1.25', 'policy/v1'),
  removed('policy/v1beta1', ['PodSecurityPolicy'], '1.21', '1.25', 'Pod Security Admission'),
  removed('node.k8s.io/v1beta1', ['RuntimeClass'], '1.20', '1.25', 'node.k8s.io/v1'),
  removed('autoscaling/v2beta2', ['HorizontalPodAutoscaler'], '1.23', '1.26', 'autoscaling/v2'),
  removed(
    'flowcontrol.apiserver.k8s.io/v1beta1',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    '1.23',
    '1.26',
    'flowcontrol.apiserver.k8s.io/v1',
  ),
  removed('storage.k8s.io/v1beta1', ['CSIStorageCapacity'], '1.24', '1.27', 'storage.k8s.io/v1'),
  removed(
    'flowcontrol.apiserver.k8s.io/v1beta2',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    '1.26',
    '1.29',
    'flowcontrol.apiserver.k8s.io/v1',
  ),
  removed(
    'flowcontrol.apiserver.k8s.io/v1beta3',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    '1.29',
    '1.32',
    'flowcontrol.apiserver.k8s.io/v1',
  ),
  ga('apps/v1', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'], '1.9'),
  ga('networking.k8s.io/v1', ['Ingress', 'IngressClass'], '1.19'),
  ga('certificates.k8s.io/v1', ['CertificateSigningRequest'], '1.19'),
  ga('events.k8s.io/v1', ['Event'], '1.19'),
  ga('node.k8s.io/v1', ['RuntimeClass'], '1.20'),
  ga('batch/v1', ['CronJob'], '1.21'),
  ga('policy/v1', ['PodDisruptionBudget'], '1.21'),
  ga('discovery.k8s.io/v1', ['EndpointSlice'], '1.21'),
  ga('autoscaling/v2', ['HorizontalPodAutoscaler'], '1.23'),
  ga('storage.k8s.io/v1', ['CSIStorageCapacity'], '1.24'),
  ga('flowcontrol.apiserver.k8s.io/v1', ['FlowSchema', 'PriorityLevelConfiguration'], '1.29'),
  ga('admissionregistration.k8s.io/v1', ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], '1.30'),
  ga('storage.k8s.io/v1', ['VolumeAttributesClass'], '1.34'),
  ga('resource.k8s.io/v1', ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'], '1.34'),
];

/** A release as one comparable number: 1.34 → 1034. */
export type Release = number;

/** `1.34`, `v1.34`, `1.34.2` → 1034; anything else → undefined. */
export function parseRelease(version: string): Release | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(version.trim());
  return m ? Number(m[1]) * 1000 + Number(m[2]) : undefined;
}

export interface LifecycleIssue {
  code: 'k8s-api-removed' | 'k8s-api-deprecated' | 'k8s-api-unavailable';
  severity: 'error' | 'warning';
  message: string;
}

export function lifecycleIssue(
  apiVersion: string,
  kind: string,
  target: Release,
  targetText: string,
): LifecycleIssue | undefined {
  const entry = API_LIFECYCLE.find((e) => e.apiVersion === apiVersion && e.kinds.includes(kind));
  if (!entry) return undefined;
  const what = `${apiVersion} ${kind}`;
  if (entry.removedIn && target >= parseRelease(entry.removedIn)!) {
    return {
      code: 'k8s-api-removed',
      severity: 'error',
      message: `${what} was removed in Kubernetes ${entry.removedIn} (target ${targetText}); use ${entry.replacement}`,
    };
  }
  if (entry.deprecatedIn && target >= parseRelease(entry.deprecatedIn)!) {
    return {
      code: 'k8s-api-deprecated',
      severity: 'warning',
      message: `${what} is deprecated since Kubernetes ${entry.deprecatedIn} and removed in ${entry.removedIn} (target ${targetText}); use ${entry.replacement}`,
    };
  }
  if (entry.introducedIn && target < parseRelease(entry.introducedIn)!) {
    return {
      code: 'k8s-api-unavailable',
      severity: 'error',
      message: `${what} is served from Kubernetes ${entry.introducedIn}; the target ${targetText} does not serve it`,
    };
  }
  return undefined;
}
