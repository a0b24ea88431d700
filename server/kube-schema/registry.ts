/**
 * The kinds whose schema is bundled, each with a loader for its model class.
 *
 * Schemas come from `kubernetes-models` 5.1.0 (Kubernetes 1.36 OpenAPI, merged by the package with
 * older releases so removed APIs such as policy/v1beta1 keep a schema) and the
 * `@kubernetes-models/*` CRD packages generated from each project's Go API types: argo-rollouts
 * 2.0.0, argo-cd 4.0.0, external-secrets 2.0.0, flux-cd 4.0.0, prometheus-operator 6.0.0. They ship
 * ajv-compiled validate functions (no raw JSON), ESM only, so each kind is a dynamic `import()`:
 * esbuild keeps the code in the bundle but a schema is only evaluated when a chart renders that kind.
 *
 * The list is what charts and their GitOps hand-off render. Left out on purpose, for bundle size
 * (each costs 20–480 KiB minified): SecretStore/ClusterSecretStore (every provider's schema),
 * ApplicationSet, AnalysisRun/Experiment (made by controllers), Flux Kustomization/GitRepository,
 * PersistentVolume, PodSecurityPolicy, apiextensions v1beta1. PrometheusRule is left out because
 * its schema compiles a Go-syntax regex with re2-wasm, which reads `re2.wasm` next to the bundle at
 * run time (the test bundle.test.ts guards every kind here). A kind missing here is reported once
 * as `k8s-unknown-kind` (info). Import paths must stay string literals so esbuild can bundle them.
 */

/** What the model classes share: `validate()` runs the compiled schema on `this` and throws. */
export interface ModelClass {
  prototype: { validate(): void };
}

export type ModelLoader = () => Promise<ModelClass>;

/** Kubernetes release of the core schemas (kubernetes-models 5.x: "Update to Kubernetes v1.36.0"). */
export const SCHEMA_KUBERNETES_VERSION = '1.36';

const KINDS: Array<[apiVersion: string, kind: string, load: ModelLoader]> = [
  ['v1', 'Pod', async () => (await import('kubernetes-models/v1/Pod')).Pod],
  ['v1', 'Service', async () => (await import('kubernetes-models/v1/Service')).Service],
  ['v1', 'ConfigMap', async () => (await import('kubernetes-models/v1/ConfigMap')).ConfigMap],
  ['v1', 'Secret', async () => (await import('kubernetes-models/v1/Secret')).Secret],
  ['v1', 'ServiceAccount', async () => (await import('kubernetes-models/v1/ServiceAccount')).ServiceAccount],
  [
    'v1',
    'PersistentVolumeClaim',
    async () => (await import('kubernetes-models/v1/PersistentVolumeClaim')).PersistentVolumeClaim,
  ],
  ['v1', 'Namespace', async () => (await import('kubernetes-models/v1/Namespace')).Namespace],
  ['v1', 'LimitRange', async () => (await import('kubernetes-models/v1/LimitRange')).LimitRange],
  ['v1', 'ResourceQuota', async () => (await import('kubernetes-models/v1/ResourceQuota')).ResourceQuota],
  ['v1', 'Endpoints', async () => (await import('kubernetes-models/v1/Endpoints')).Endpoints],
  [
    'v1',
    'ReplicationController',
    async () => (await import('kubernetes-models/v1/ReplicationController')).ReplicationController,
  ],
  ['v1', 'PodTemplate', async () => (await import('kubernetes-models/v1/PodTemplate')).PodTemplate],
  ['apps/v1', 'Deployment', async () => (await import('kubernetes-models/apps/v1/Deployment')).Deployment],
  ['apps/v1', 'StatefulSet', async () => (await import('kubernetes-models/apps/v1/StatefulSet')).StatefulSet],
  ['apps/v1', 'DaemonSet', async () => (await import('kubernetes-models/apps/v1/DaemonSet')).DaemonSet],
  ['apps/v1', 'ReplicaSet', async () => (await import('kubernetes-models/apps/v1/ReplicaSet')).ReplicaSet],
  ['apps/v1beta1', 'Deployment', async () => (await import('kubernetes-models/apps/v1beta1/Deployment')).Deployment],
  ['apps/v1beta1', 'StatefulSet', async () => (await import('kubernetes-models/apps/v1beta1/StatefulSet')).StatefulSet],
  ['apps/v1beta2', 'Deployment', async () => (await import('kubernetes-models/apps/v1beta2/Deployment')).Deployment],
  ['apps/v1beta2', 'StatefulSet', async () => (await import('kubernetes-models/apps/v1beta2/StatefulSet')).StatefulSet],
  ['apps/v1beta2', 'DaemonSet', async () => (await import('kubernetes-models/apps/v1beta2/DaemonSet')).DaemonSet],
  ['apps/v1beta2', 'ReplicaSet', async () => (await import('kubernetes-models/apps/v1beta2/ReplicaSet')).ReplicaSet],
  [
    'extensions/v1beta1',
    'Deployment',
    async () => (await import('kubernetes-models/extensions/v1beta1/Deployment')).Deployment,
  ],
  [
    'extensions/v1beta1',
    'DaemonSet',
    async () => (await import('kubernetes-models/extensions/v1beta1/DaemonSet')).DaemonSet,
  ],
  [
    'extensions/v1beta1',
    'ReplicaSet',
    async () => (await import('kubernetes-models/extensions/v1beta1/ReplicaSet')).ReplicaSet,
  ],
  ['extensions/v1beta1', 'Ingress', async () => (await import('kubernetes-models/extensions/v1beta1/Ingress')).Ingress],
  [
    'extensions/v1beta1',
    'NetworkPolicy',
    async () => (await import('kubernetes-models/extensions/v1beta1/NetworkPolicy')).NetworkPolicy,
  ],
  ['batch/v1', 'Job', async () => (await import('kubernetes-models/batch/v1/Job')).Job],
  ['batch/v1', 'CronJob', async () => (await import('kubernetes-models/batch/v1/CronJob')).CronJob],
  ['batch/v1beta1', 'CronJob', async () => (await import('kubernetes-models/batch/v1beta1/CronJob')).CronJob],
  [
    'autoscaling/v1',
    'HorizontalPodAutoscaler',
    async () => (await import('kubernetes-models/autoscaling/v1/HorizontalPodAutoscaler')).HorizontalPodAutoscaler,
  ],
  [
    'autoscaling/v2',
    'HorizontalPodAutoscaler',
    async () => (await import('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler')).HorizontalPodAutoscaler,
  ],
  [
    'autoscaling/v2beta1',
    'HorizontalPodAutoscaler',
    async () => (await import('kubernetes-models/autoscaling/v2beta1/HorizontalPodAutoscaler')).HorizontalPodAutoscaler,
  ],
  [
    'autoscaling/v2beta2',
    'HorizontalPodAutoscaler',
    async () => (await import('kubernetes-models/autoscaling/v2beta2/HorizontalPodAutoscaler')).HorizontalPodAutoscaler,
  ],
  [
    'policy/v1',
    'PodDisruptionBudget',
    async () => (await import('kubernetes-models/policy/v1/PodDisruptionBudget')).PodDisruptionBudget,
  ],
  [
    'policy/v1beta1',
    'PodDisruptionBudget',
    async () => (await import('kubernetes-models/policy/v1beta1/PodDisruptionBudget')).PodDisruptionBudget,
  ],
  [
    'networking.k8s.io/v1',
    'Ingress',
    async () => (await import('kubernetes-models/networking.k8s.io/v1/Ingress')).Ingress,
  ],
  [
    'networking.k8s.io/v1',
    'IngressClass',
    async () => (await import('kubernetes-models/networking.k8s.io/v1/IngressClass')).IngressClass,
  ],
  [
    'networking.k8s.io/v1',
    'NetworkPolicy',
    async () => (await import('kubernetes-models/networking.k8s.io/v1/NetworkPolicy')).NetworkPolicy,
  ],
  [
    'networking.k8s.io/v1beta1',
    'Ingress',
    async () => (await import('kubernetes-models/networking.k8s.io/v1beta1/Ingress')).Ingress,
  ],
  [
    'networking.k8s.io/v1beta1',
    'IngressClass',
    async () => (await import('kubernetes-models/networking.k8s.io/v1beta1/IngressClass')).IngressClass,
  ],
  [
    'rbac.authorization.k8s.io/v1',
    'Role',
    async () => (await import('kubernetes-models/rbac.authorization.k8s.io/v1/Role')).Role,
  ],
  [
    'rbac.authorization.k8s.io/v1',
    'RoleBinding',
    async () => (await import('kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding')).RoleBinding,
  ],
  [
    'rbac.authorization.k8s.io/v1',
    'ClusterRole',
    async () => (await import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole')).ClusterRole,
  ],
  [
    'rbac.authorization.k8s.io/v1',
    'ClusterRoleBinding',
    async () => (await import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding')).ClusterRoleBinding,
  ],
  [
    'rbac.authorization.k8s.io/v1beta1',
    'Role',
    async () => (await import('kubernetes-models/rbac.authorization.k8s.io/v1beta1/Role')).Role,
  ],
  [
    'rbac.authorization.k8s.io/v1beta1',
    'RoleBinding',
    async () => (await import('kubernetes-models/rbac.authorization.k8s.io/v1beta1/RoleBinding')).RoleBinding,
  ],
  [
    'rbac.authorization.k8s.io/v1beta1',
    'ClusterRole',
    async () => (await import('kubernetes-models/rbac.authorization.k8s.io/v1beta1/ClusterRole')).ClusterRole,
  ],
  [
    'rbac.authorization.k8s.io/v1beta1',
    'ClusterRoleBinding',
    async () =>
      (await import('kubernetes-models/rbac.authorization.k8s.io/v1beta1/ClusterRoleBinding')).ClusterRoleBinding,
  ],
  [
    'storage.k8s.io/v1',
    'StorageClass',
    async () => (await import('kubernetes-models/storage.k8s.io/v1/StorageClass')).StorageClass,
  ],
  [
    'storage.k8s.io/v1',
    'CSIDriver',
    async () => (await import('kubernetes-models/storage.k8s.io/v1/CSIDriver')).CSIDriver,
  ],
  [
    'storage.k8s.io/v1',
    'VolumeAttributesClass',
    async () => (await import('kubernetes-models/storage.k8s.io/v1/VolumeAttributesClass')).VolumeAttributesClass,
  ],
  [
    'storage.k8s.io/v1beta1',
    'StorageClass',
    async () => (await import('kubernetes-models/storage.k8s.io/v1beta1/StorageClass')).StorageClass,
  ],
  [
    'scheduling.k8s.io/v1',
    'PriorityClass',
    async () => (await import('kubernetes-models/scheduling.k8s.io/v1/PriorityClass')).PriorityClass,
  ],
  [
    'scheduling.k8s.io/v1beta1',
    'PriorityClass',
    async () => (await import('kubernetes-models/scheduling.k8s.io/v1beta1/PriorityClass')).PriorityClass,
  ],
  [
    'admissionregistration.k8s.io/v1',
    'ValidatingWebhookConfiguration',
    async () =>
      (await import('kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration'))
        .ValidatingWebhookConfiguration,
  ],
  [
    'admissionregistration.k8s.io/v1',
    'MutatingWebhookConfiguration',
    async () =>
      (await import('kubernetes-models/admissionregistration.k8s.io/v1/MutatingWebhookConfiguration'))
        .MutatingWebhookConfiguration,
  ],
  [
    'admissionregistration.k8s.io/v1',
    'ValidatingAdmissionPolicy',
    async () =>
      (await import('kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy'))
        .ValidatingAdmissionPolicy,
  ],
  [
    'admissionregistration.k8s.io/v1',
    'ValidatingAdmissionPolicyBinding',
    async () =>
      (await import('kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding'))
        .ValidatingAdmissionPolicyBinding,
  ],
  [
    'admissionregistration.k8s.io/v1beta1',
    'ValidatingWebhookConfiguration',
    async () =>
      (await import('kubernetes-models/admissionregistration.k8s.io/v1beta1/ValidatingWebhookConfiguration'))
        .ValidatingWebhookConfiguration,
  ],
  [
    'admissionregistration.k8s.io/v1beta1',
    'MutatingWebhookConfiguration',
    async () =>
      (await import('kubernetes-models/admissionregistration.k8s.io/v1beta1/MutatingWebhookConfiguration'))
        .MutatingWebhookConfiguration,
  ],
  [
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
    async () =>
      (await import('kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition')).CustomResourceDefinition,
  ],
  [
    'apiregistration.k8s.io/v1',
    'APIService',
    async () => (await import('kubernetes-models/apiregistration.k8s.io/v1/APIService')).APIService,
  ],
  [
    'coordination.k8s.io/v1',
    'Lease',
    async () => (await import('kubernetes-models/coordination.k8s.io/v1/Lease')).Lease,
  ],
  [
    'discovery.k8s.io/v1',
    'EndpointSlice',
    async () => (await import('kubernetes-models/discovery.k8s.io/v1/EndpointSlice')).EndpointSlice,
  ],
  [
    'node.k8s.io/v1',
    'RuntimeClass',
    async () => (await import('kubernetes-models/node.k8s.io/v1/RuntimeClass')).RuntimeClass,
  ],
  [
    'argoproj.io/v1alpha1',
    'Rollout',
    async () => (await import('@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout')).Rollout,
  ],
  [
    'argoproj.io/v1alpha1',
    'AnalysisTemplate',
    async () =>
      (await import('@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate')).AnalysisTemplate,
  ],
  [
    'argoproj.io/v1alpha1',
    'ClusterAnalysisTemplate',
    async () =>
      (await import('@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/ClusterAnalysisTemplate'))
        .ClusterAnalysisTemplate,
  ],
  [
    'argoproj.io/v1alpha1',
    'Application',
    async () => (await import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application')).Application,
  ],
  [
    'argoproj.io/v1alpha1',
    'AppProject',
    async () => (await import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject')).AppProject,
  ],
  [
    'external-secrets.io/v1',
    'ExternalSecret',
    async () =>
      (await import('@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret')).ExternalSecret,
  ],
  [
    'external-secrets.io/v1',
    'ClusterExternalSecret',
    async () =>
      (await import('@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterExternalSecret'))
        .ClusterExternalSecret,
  ],
  [
    'external-secrets.io/v1beta1',
    'ExternalSecret',
    async () =>
      (await import('@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ExternalSecret')).ExternalSecret,
  ],
  [
    'external-secrets.io/v1beta1',
    'ClusterExternalSecret',
    async () =>
      (await import('@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ClusterExternalSecret'))
        .ClusterExternalSecret,
  ],
  [
    'external-secrets.io/v1alpha1',
    'PushSecret',
    async () =>
      (await import('@kubernetes-models/external-secrets/external-secrets.io/v1alpha1/PushSecret')).PushSecret,
  ],
  [
    'helm.toolkit.fluxcd.io/v2',
    'HelmRelease',
    async () => (await import('@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease')).HelmRelease,
  ],
  [
    'source.toolkit.fluxcd.io/v1',
    'HelmRepository',
    async () => (await import('@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository')).HelmRepository,
  ],
  [
    'source.toolkit.fluxcd.io/v1',
    'OCIRepository',
    async () => (await import('@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/OCIRepository')).OCIRepository,
  ],
  [
    'source.toolkit.fluxcd.io/v1beta2',
    'OCIRepository',
    async () =>
      (await import('@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1beta2/OCIRepository')).OCIRepository,
  ],
  [
    'source.toolkit.fluxcd.io/v1beta2',
    'HelmRepository',
    async () =>
      (await import('@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1beta2/HelmRepository')).HelmRepository,
  ],
  [
    'monitoring.coreos.com/v1',
    'ServiceMonitor',
    async () =>
      (await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor')).ServiceMonitor,
  ],
  [
    'monitoring.coreos.com/v1',
    'PodMonitor',
    async () => (await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor')).PodMonitor,
  ],
];

/**
 * Built-in kinds the API server serves that have no bundled schema (rarely in charts): known, so
 * they are not mistaken for typos of a bundled kind (`v1 Node` is not a misspelt `Pod`).
 */
const SERVED_WITHOUT_SCHEMA: Record<string, string[]> = {
  v1: ['Binding', 'ComponentStatus', 'Event', 'Node', 'PersistentVolume'],
  'apps/v1': ['ControllerRevision'],
  'autoscaling/v1': ['Scale'],
  'policy/v1': ['Eviction'],
  'networking.k8s.io/v1': ['IPAddress', 'ServiceCIDR'],
  'storage.k8s.io/v1': ['CSINode', 'CSIStorageCapacity', 'VolumeAttachment'],
  'admissionregistration.k8s.io/v1': ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'],
  'apiextensions.k8s.io/v1beta1': ['CustomResourceDefinition'],
  'certificates.k8s.io/v1': ['CertificateSigningRequest'],
  'events.k8s.io/v1': ['Event'],
  'flowcontrol.apiserver.k8s.io/v1': ['FlowSchema', 'PriorityLevelConfiguration'],
  'resource.k8s.io/v1': ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'],
};

export function isServedWithoutSchema(apiVersion: string, kind: string): boolean {
  return SERVED_WITHOUT_SCHEMA[apiVersion]?.includes(kind) ?? false;
}

const BY_KEY = new Map(KINDS.map(([apiVersion, kind, load]) => [kindKey(apiVersion, kind), load]));

export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

export function modelLoaderFor(apiVersion: string, kind: string): ModelLoader | undefined {
  return BY_KEY.get(kindKey(apiVersion, kind));
}

/** The kinds bundled for one apiVersion, for "did you mean" on a misspelt kind. */
export function kindsOf(apiVersion: string): string[] {
  return KINDS.filter(([v]) => v === apiVersion).map(([, kind]) => kind);
}

export function bundledKinds(): Array<{ apiVersion: string; kind: string }> {
  return KINDS.map(([apiVersion, kind]) => ({ apiVersion, kind }));
}
