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

/** A model's module, loaded on first use: `import()` of a string literal, so esbuild bundles it. */
type ModuleLoader = () => Promise<object>;

/** Kubernetes release of the core schemas (kubernetes-models 5.x: "Update to Kubernetes v1.36.0"). */
export const SCHEMA_KUBERNETES_VERSION = '1.36';

/** apiVersion → kind → its model's module, which exports the model class under the kind's name. */
const KINDS: Record<string, Record<string, ModuleLoader>> = {
  v1: {
    Pod: () => import('kubernetes-models/v1/Pod'),
    Service: () => import('kubernetes-models/v1/Service'),
    ConfigMap: () => import('kubernetes-models/v1/ConfigMap'),
    Secret: () => import('kubernetes-models/v1/Secret'),
    ServiceAccount: () => import('kubernetes-models/v1/ServiceAccount'),
    PersistentVolumeClaim: () => import('kubernetes-models/v1/PersistentVolumeClaim'),
    Namespace: () => import('kubernetes-models/v1/Namespace'),
    LimitRange: () => import('kubernetes-models/v1/LimitRange'),
    ResourceQuota: () => import('kubernetes-models/v1/ResourceQuota'),
    Endpoints: () => import('kubernetes-models/v1/Endpoints'),
    ReplicationController: () => import('kubernetes-models/v1/ReplicationController'),
    PodTemplate: () => import('kubernetes-models/v1/PodTemplate'),
  },
  'apps/v1': {
    Deployment: () => import('kubernetes-models/apps/v1/Deployment'),
    StatefulSet: () => import('kubernetes-models/apps/v1/StatefulSet'),
    DaemonSet: () => import('kubernetes-models/apps/v1/DaemonSet'),
    ReplicaSet: () => import('kubernetes-models/apps/v1/ReplicaSet'),
  },
  'apps/v1beta1': {
    Deployment: () => import('kubernetes-models/apps/v1beta1/Deployment'),
    StatefulSet: () => import('kubernetes-models/apps/v1beta1/StatefulSet'),
  },
  'apps/v1beta2': {
    Deployment: () => import('kubernetes-models/apps/v1beta2/Deployment'),
    StatefulSet: () => import('kubernetes-models/apps/v1beta2/StatefulSet'),
    DaemonSet: () => import('kubernetes-models/apps/v1beta2/DaemonSet'),
    ReplicaSet: () => import('kubernetes-models/apps/v1beta2/ReplicaSet'),
  },
  'extensions/v1beta1': {
    Deployment: () => import('kubernetes-models/extensions/v1beta1/Deployment'),
    DaemonSet: () => import('kubernetes-models/extensions/v1beta1/DaemonSet'),
    ReplicaSet: () => import('kubernetes-models/extensions/v1beta1/ReplicaSet'),
    Ingress: () => import('kubernetes-models/extensions/v1beta1/Ingress'),
    NetworkPolicy: () => import('kubernetes-models/extensions/v1beta1/NetworkPolicy'),
  },
  'batch/v1': {
    Job: () => import('kubernetes-models/batch/v1/Job'),
    CronJob: () => import('kubernetes-models/batch/v1/CronJob'),
  },
  'batch/v1beta1': {
    CronJob: () => import('kubernetes-models/batch/v1beta1/CronJob'),
  },
  'autoscaling/v1': {
    HorizontalPodAutoscaler: () => import('kubernetes-models/autoscaling/v1/HorizontalPodAutoscaler'),
  },
  'autoscaling/v2': {
    HorizontalPodAutoscaler: () => import('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'),
  },
  'autoscaling/v2beta1': {
    HorizontalPodAutoscaler: () => import('kubernetes-models/autoscaling/v2beta1/HorizontalPodAutoscaler'),
  },
  'autoscaling/v2beta2': {
    HorizontalPodAutoscaler: () => import('kubernetes-models/autoscaling/v2beta2/HorizontalPodAutoscaler'),
  },
  'policy/v1': {
    PodDisruptionBudget: () => import('kubernetes-models/policy/v1/PodDisruptionBudget'),
  },
  'policy/v1beta1': {
    PodDisruptionBudget: () => import('kubernetes-models/policy/v1beta1/PodDisruptionBudget'),
  },
  'networking.k8s.io/v1': {
    Ingress: () => import('kubernetes-models/networking.k8s.io/v1/Ingress'),
    IngressClass: () => import('kubernetes-models/networking.k8s.io/v1/IngressClass'),
    NetworkPolicy: () => import('kubernetes-models/networking.k8s.io/v1/NetworkPolicy'),
  },
  'networking.k8s.io/v1beta1': {
    Ingress: () => import('kubernetes-models/networking.k8s.io/v1beta1/Ingress'),
    IngressClass: () => import('kubernetes-models/networking.k8s.io/v1beta1/IngressClass'),
  },
  'rbac.authorization.k8s.io/v1': {
    Role: () => import('kubernetes-models/rbac.authorization.k8s.io/v1/Role'),
    RoleBinding: () => import('kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding'),
    ClusterRole: () => import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole'),
    ClusterRoleBinding: () => import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding'),
  },
  'rbac.authorization.k8s.io/v1beta1': {
    Role: () => import('kubernetes-models/rbac.authorization.k8s.io/v1beta1/Role'),
    RoleBinding: () => import('kubernetes-models/rbac.authorization.k8s.io/v1beta1/RoleBinding'),
    ClusterRole: () => import('kubernetes-models/rbac.authorization.k8s.io/v1beta1/ClusterRole'),
    ClusterRoleBinding: () => import('kubernetes-models/rbac.authorization.k8s.io/v1beta1/ClusterRoleBinding'),
  },
  'storage.k8s.io/v1': {
    StorageClass: () => import('kubernetes-models/storage.k8s.io/v1/StorageClass'),
    CSIDriver: () => import('kubernetes-models/storage.k8s.io/v1/CSIDriver'),
    VolumeAttributesClass: () => import('kubernetes-models/storage.k8s.io/v1/VolumeAttributesClass'),
  },
  'storage.k8s.io/v1beta1': {
    StorageClass: () => import('kubernetes-models/storage.k8s.io/v1beta1/StorageClass'),
  },
  'scheduling.k8s.io/v1': {
    PriorityClass: () => import('kubernetes-models/scheduling.k8s.io/v1/PriorityClass'),
  },
  'scheduling.k8s.io/v1beta1': {
    PriorityClass: () => import('kubernetes-models/scheduling.k8s.io/v1beta1/PriorityClass'),
  },
  'admissionregistration.k8s.io/v1': {
    ValidatingWebhookConfiguration: () =>
      import('kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration'),
    MutatingWebhookConfiguration: () =>
      import('kubernetes-models/admissionregistration.k8s.io/v1/MutatingWebhookConfiguration'),
    ValidatingAdmissionPolicy: () =>
      import('kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy'),
    ValidatingAdmissionPolicyBinding: () =>
      import('kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding'),
  },
  'admissionregistration.k8s.io/v1beta1': {
    ValidatingWebhookConfiguration: () =>
      import('kubernetes-models/admissionregistration.k8s.io/v1beta1/ValidatingWebhookConfiguration'),
    MutatingWebhookConfiguration: () =>
      import('kubernetes-models/admissionregistration.k8s.io/v1beta1/MutatingWebhookConfiguration'),
  },
  'apiextensions.k8s.io/v1': {
    CustomResourceDefinition: () => import('kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition'),
  },
  'apiregistration.k8s.io/v1': {
    APIService: () => import('kubernetes-models/apiregistration.k8s.io/v1/APIService'),
  },
  'coordination.k8s.io/v1': {
    Lease: () => import('kubernetes-models/coordination.k8s.io/v1/Lease'),
  },
  'discovery.k8s.io/v1': {
    EndpointSlice: () => import('kubernetes-models/discovery.k8s.io/v1/EndpointSlice'),
  },
  'node.k8s.io/v1': {
    RuntimeClass: () => import('kubernetes-models/node.k8s.io/v1/RuntimeClass'),
  },
  'argoproj.io/v1alpha1': {
    Rollout: () => import('@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout'),
    AnalysisTemplate: () => import('@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate'),
    ClusterAnalysisTemplate: () =>
      import('@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/ClusterAnalysisTemplate'),
    Application: () => import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application'),
    AppProject: () => import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject'),
  },
  'external-secrets.io/v1': {
    ExternalSecret: () => import('@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret'),
    ClusterExternalSecret: () =>
      import('@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterExternalSecret'),
  },
  'external-secrets.io/v1beta1': {
    ExternalSecret: () => import('@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ExternalSecret'),
    ClusterExternalSecret: () =>
      import('@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ClusterExternalSecret'),
  },
  'external-secrets.io/v1alpha1': {
    PushSecret: () => import('@kubernetes-models/external-secrets/external-secrets.io/v1alpha1/PushSecret'),
  },
  'helm.toolkit.fluxcd.io/v2': {
    HelmRelease: () => import('@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease'),
  },
  'source.toolkit.fluxcd.io/v1': {
    HelmRepository: () => import('@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository'),
    OCIRepository: () => import('@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/OCIRepository'),
  },
  'source.toolkit.fluxcd.io/v1beta2': {
    OCIRepository: () => import('@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1beta2/OCIRepository'),
    HelmRepository: () => import('@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1beta2/HelmRepository'),
  },
  'monitoring.coreos.com/v1': {
    ServiceMonitor: () => import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor'),
    PodMonitor: () => import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor'),
  },
};

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

const ENTRIES = Object.entries(KINDS).flatMap(([apiVersion, kinds]) =>
  Object.entries(kinds).map(([kind, loadModule]) => ({ apiVersion, kind, loadModule })),
);

const BY_KEY = new Map(
  ENTRIES.map(({ apiVersion, kind, loadModule }) => [kindKey(apiVersion, kind), modelLoader(kind, loadModule)]),
);

/** The model class a module exports under the kind's name. */
function modelLoader(kind: string, loadModule: ModuleLoader): ModelLoader {
  return async () => {
    const model = ((await loadModule()) as Record<string, ModelClass | undefined>)[kind];
    if (typeof model !== 'function') throw new Error(`the schema module of ${kind} exports no class ${kind}`);
    return model;
  };
}

export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

export function modelLoaderFor(apiVersion: string, kind: string): ModelLoader | undefined {
  return BY_KEY.get(kindKey(apiVersion, kind));
}

/** The kinds bundled for one apiVersion, for "did you mean" on a misspelt kind. */
export function kindsOf(apiVersion: string): string[] {
  return Object.keys(KINDS[apiVersion] ?? {});
}

export function bundledKinds(): Array<{ apiVersion: string; kind: string }> {
  return ENTRIES.map(({ apiVersion, kind }) => ({ apiVersion, kind }));
}
