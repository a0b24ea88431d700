/**
 * The built-in misconfiguration rules: stable IDs, a one-line explanation and a remediation hint
 * each. IDs never change meaning; retired rules keep their number.
 */
export type Severity = 'high' | 'medium' | 'low' | 'info';

/** The same check elsewhere: a Pod Security Standards control, kube-linter check names, Checkov IDs. */
export interface Equivalents {
  pss?: string;
  kubeLinter?: string[];
  checkov?: string[];
}

export interface CatalogEntry {
  id: string;
  title: string;
  doc: string;
  remediation: string;
  /** `info`: advice that never fails a review (digest pinning, secrets as files). */
  severity: Severity;
  category: string;
  equivalents: Equivalents;
}

const e = (
  id: string,
  severity: Severity,
  category: string,
  title: string,
  doc: string,
  remediation: string,
): CatalogEntry => ({ id, title, doc, remediation, severity, category, equivalents: EQUIVALENTS[id] ?? {} });

/**
 * Equivalents, from kube-linter's generated check list (docs/generated/checks.md) and Checkov's
 * Kubernetes check names; a rule with none listed has no counterpart there.
 */
const EQUIVALENTS: Record<string, Equivalents> = {
  'HI-K8S-001': {
    pss: 'Baseline: Privileged Containers',
    kubeLinter: ['privileged-container'],
    checkov: ['CKV_K8S_16'],
  },
  'HI-K8S-002': {
    pss: 'Restricted: Privilege Escalation',
    kubeLinter: ['privilege-escalation-container'],
    checkov: ['CKV_K8S_20'],
  },
  'HI-K8S-003': {
    pss: 'Restricted: Capabilities (drop ALL)',
    kubeLinter: ['drop-net-raw-capability'],
    checkov: ['CKV_K8S_28', 'CKV_K8S_37'],
  },
  'HI-K8S-004': { pss: 'Restricted: Capabilities (add only NET_BIND_SERVICE)', checkov: ['CKV_K8S_25', 'CKV_K8S_39'] },
  'HI-K8S-005': { pss: 'Restricted: Running as Non-root', kubeLinter: ['run-as-non-root'], checkov: ['CKV_K8S_23'] },
  'HI-K8S-006': {
    pss: 'Restricted: Running as Non-root user',
    kubeLinter: ['run-as-non-root'],
    checkov: ['CKV_K8S_23'],
  },
  'HI-K8S-007': { kubeLinter: ['no-read-only-root-fs'], checkov: ['CKV_K8S_22'] },
  'HI-K8S-008': { pss: 'Baseline: HostPath Volumes', kubeLinter: ['sensitive-host-mounts', 'docker-sock'] },
  'HI-K8S-009': { pss: 'Baseline: Host Namespaces', kubeLinter: ['host-network'], checkov: ['CKV_K8S_19'] },
  'HI-K8S-010': { pss: 'Baseline: Host Namespaces', kubeLinter: ['host-pid'], checkov: ['CKV_K8S_17'] },
  'HI-K8S-011': { pss: 'Baseline: Host Namespaces', kubeLinter: ['host-ipc'], checkov: ['CKV_K8S_18'] },
  'HI-K8S-012': { pss: 'Baseline: Host Ports', checkov: ['CKV_K8S_26'] },
  'HI-K8S-013': {
    kubeLinter: ['unset-cpu-requirements', 'unset-memory-requirements'],
    checkov: ['CKV_K8S_10', 'CKV_K8S_12'],
  },
  'HI-K8S-014': {
    kubeLinter: ['unset-cpu-requirements', 'unset-memory-requirements'],
    checkov: ['CKV_K8S_11', 'CKV_K8S_13'],
  },
  'HI-K8S-015': { kubeLinter: ['no-liveness-probe'], checkov: ['CKV_K8S_8'] },
  'HI-K8S-016': { kubeLinter: ['no-readiness-probe'], checkov: ['CKV_K8S_9'] },
  'HI-K8S-017': { kubeLinter: ['latest-tag'], checkov: ['CKV_K8S_14'] },
  'HI-K8S-019': { kubeLinter: ['env-var-secret'] },
  'HI-K8S-021': { kubeLinter: ['default-service-account'] },
  'HI-K8S-023': { kubeLinter: ['exposed-services'] },
  'HI-K8S-024': { kubeLinter: ['no-extensions-v1beta'] },
  'HI-K8S-026': { kubeLinter: ['non-isolated-pod'], checkov: ['CKV2_K8S_6'] },
  'HI-K8S-028': { kubeLinter: ['duplicate-env-var'] },
  'HI-K8S-029': { kubeLinter: ['dangling-service'] },
  'HI-K8S-030': { pss: 'Restricted: Seccomp', checkov: ['CKV_K8S_31'] },
  'HI-K8S-031': { kubeLinter: ['access-to-secrets'] },
  'HI-K8S-032': { kubeLinter: ['wildcard-in-rules'], checkov: ['CKV_K8S_49'] },
  'HI-K8S-033': { checkov: ['CKV_K8S_157', 'CKV_K8S_158'] },
  'HI-K8S-034': { checkov: ['CKV_K8S_155'] },
  'HI-K8S-035': { checkov: ['CKV_K8S_38'] },
  'HI-K8S-036': { checkov: ['CKV_K8S_40'] },
  'HI-K8S-037': { checkov: ['CKV_K8S_43'] },
  'HI-K8S-038': { kubeLinter: ['read-secret-from-env-var'], checkov: ['CKV_K8S_35'] },
  'HI-K8S-039': { kubeLinter: ['use-namespace'], checkov: ['CKV_K8S_21'] },
};

export const CATALOG: CatalogEntry[] = [
  e(
    'HI-K8S-001',
    'high',
    'Pod Security',
    'Privileged containers',
    'A privileged container has every capability and full access to the node.',
    'Remove `securityContext.privileged: true` (or set it to false).',
  ),
  e(
    'HI-K8S-002',
    'high',
    'Pod Security',
    'Privilege escalation allowed',
    'Without `allowPrivilegeEscalation: false` a process can gain more privileges than its parent (setuid binaries).',
    'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
  ),
  e(
    'HI-K8S-003',
    'medium',
    'Pod Security',
    'Capabilities not dropped',
    'Containers keep the runtime default Linux capabilities unless they drop ALL.',
    'Add `securityContext.capabilities.drop: ["ALL"]` and add back only what is needed.',
  ),
  e(
    'HI-K8S-004',
    'medium',
    'Pod Security',
    'Capabilities added',
    'Added Linux capabilities other than NET_BIND_SERVICE widen what a compromised container can do.',
    'Remove entries from `securityContext.capabilities.add` (NET_BIND_SERVICE is allowed).',
  ),
  e(
    'HI-K8S-005',
    'high',
    'Pod Security',
    'May run as root',
    'Neither the pod nor every container sets `runAsNonRoot: true`, so the image may run as root.',
    'Set `securityContext.runAsNonRoot: true` on the pod (or on every container).',
  ),
  e(
    'HI-K8S-006',
    'high',
    'Pod Security',
    'Runs as UID 0',
    '`runAsUser: 0` runs the process as root.',
    'Use a non-zero `runAsUser` (e.g. 10001) or drop the field and rely on the image user.',
  ),
  e(
    'HI-K8S-007',
    'medium',
    'Pod Security',
    'Writable root filesystem',
    'A writable root filesystem lets an attacker modify binaries and persist.',
    'Set `securityContext.readOnlyRootFilesystem: true`; mount an emptyDir for paths that must be writable.',
  ),
  e(
    'HI-K8S-008',
    'high',
    'Pod Security',
    'hostPath volume',
    'hostPath volumes expose the node filesystem to the pod.',
    'Use emptyDir, a PersistentVolumeClaim, a ConfigMap or a Secret instead of hostPath.',
  ),
  e(
    'HI-K8S-009',
    'high',
    'Pod Security',
    'Host network',
    '`hostNetwork: true` puts the pod in the node network namespace.',
    'Remove `hostNetwork: true`; expose the workload through a Service.',
  ),
  e(
    'HI-K8S-010',
    'high',
    'Pod Security',
    'Host PID namespace',
    '`hostPID: true` lets the pod see and signal every process on the node.',
    'Remove `hostPID: true`.',
  ),
  e(
    'HI-K8S-011',
    'high',
    'Pod Security',
    'Host IPC namespace',
    '`hostIPC: true` shares the node IPC namespace with the pod.',
    'Remove `hostIPC: true`.',
  ),
  e(
    'HI-K8S-012',
    'medium',
    'Pod Security',
    'Host port',
    'A `hostPort` binds the node port and limits scheduling to one pod per node.',
    'Remove `hostPort`; use a Service (ClusterIP + Ingress) instead.',
  ),
  e(
    'HI-K8S-013',
    'medium',
    'Resources',
    'Missing resource requests',
    'Without CPU and memory requests the scheduler cannot place the pod sensibly and it is evicted first.',
    'Set `resources.requests.cpu` and `resources.requests.memory` (the intent profile does this).',
  ),
  e(
    'HI-K8S-014',
    'medium',
    'Resources',
    'Missing resource limits',
    'Without memory and CPU limits one container can starve its neighbours.',
    'Set `resources.limits.cpu` and `resources.limits.memory`.',
  ),
  e(
    'HI-K8S-015',
    'medium',
    'Reliability',
    'Missing liveness probe',
    'Without a liveness probe a hung process is never restarted.',
    'Add `livenessProbe` (the intent `probe` section generates one).',
  ),
  e(
    'HI-K8S-016',
    'medium',
    'Reliability',
    'Missing readiness probe',
    'Without a readiness probe traffic reaches pods before they can serve it.',
    'Add `readinessProbe` (the intent `probe` section generates one).',
  ),
  e(
    'HI-K8S-017',
    'high',
    'Supply Chain',
    'Mutable image tag',
    'An image without a tag, or tagged `latest`, can change under the same name.',
    'Pin an immutable tag (e.g. `v2.3.1`), preferably with a digest.',
  ),
  e(
    'HI-K8S-018',
    'high',
    'Supply Chain',
    'Image from a registry that is not allowed',
    'Images must come from the registries the platform trusts.',
    'Push the image to an allowed registry and reference it from there.',
  ),
  e(
    'HI-K8S-019',
    'high',
    'Secrets',
    'Secret as an env literal',
    'A password, token or key written as an env `value` ends up in the manifest, in Git and in `kubectl describe`.',
    'Use `valueFrom.secretKeyRef` pointing at a Secret (External Secrets / Sealed Secrets).',
  ),
  e(
    'HI-K8S-020',
    'high',
    'Secrets',
    'Secret in a ConfigMap',
    'ConfigMap data is not treated as confidential; credentials there leak to anyone who can read it.',
    'Move the value into a Secret and reference it with `secretKeyRef`.',
  ),
  e(
    'HI-K8S-021',
    'medium',
    'Pod Security',
    'Default ServiceAccount with token automount',
    'Pods on the default ServiceAccount with an automounted token get API credentials they do not need.',
    'Set `automountServiceAccountToken: false`, or use a dedicated ServiceAccount.',
  ),
  e(
    'HI-K8S-022',
    'medium',
    'Reliability',
    'No PodDisruptionBudget for a multi-replica production workload',
    'Voluntary disruptions (node drains) can take all replicas down at once.',
    'Add a PodDisruptionBudget (e.g. `minAvailable: 1`) selecting the workload pods.',
  ),
  e(
    'HI-K8S-023',
    'medium',
    'Networking',
    'Service type not allowed',
    'NodePort and LoadBalancer Services expose the workload outside the cluster network.',
    'Use `type: ClusterIP` and expose through an Ingress, or allow the type in the platform config.',
  ),
  e(
    'HI-K8S-024',
    'high',
    'Compatibility',
    'API version removed',
    'The object uses an apiVersion the target Kubernetes version no longer serves; the install fails.',
    'Move to the replacement apiVersion named in the finding.',
  ),
  e(
    'HI-K8S-025',
    'low',
    'Compatibility',
    'API version deprecated',
    'The apiVersion still works on the target version but is scheduled for removal.',
    'Move to the replacement apiVersion named in the finding.',
  ),
  e(
    'HI-K8S-026',
    'medium',
    'Networking',
    'No NetworkPolicy in production',
    'Without a NetworkPolicy every pod in the cluster can reach the workload.',
    'Add a NetworkPolicy selecting the workload pods (the intent `networkPolicy` section generates one).',
  ),
  e(
    'HI-K8S-027',
    'high',
    'Reliability',
    'HPA minReplicas greater than maxReplicas',
    'The autoscaler rejects the spec and the workload does not scale.',
    'Make `minReplicas` ≤ `maxReplicas`.',
  ),
  e(
    'HI-K8S-028',
    'medium',
    'Correctness',
    'Duplicate environment variable',
    'When an env name repeats, only the last value is used, silently.',
    'Keep one entry per environment variable name.',
  ),
  e(
    'HI-K8S-029',
    'high',
    'Correctness',
    'Service selects no pods',
    'The Service selector matches no pod template in the chart, so it has no endpoints.',
    'Make `spec.selector` equal to the workload pod template labels (use the selectorLabels helper).',
  ),
  e(
    'HI-K8S-030',
    'medium',
    'Pod Security',
    'No seccomp profile',
    'Without `seccompProfile: RuntimeDefault` the container may run unconfined.',
    'Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.',
  ),
  e(
    'HI-K8S-031',
    'medium',
    'RBAC',
    'Role can read Secrets',
    'A Role or ClusterRole that may get, list or watch every Secret (no `resourceNames`) hands whoever holds it every credential in its scope (CIS 5.1.2).',
    'Limit the rule to the Secrets it needs with `resourceNames`, or drop get/list/watch on secrets.',
  ),
  e(
    'HI-K8S-032',
    'medium',
    'RBAC',
    'Wildcard in RBAC rules',
    '`*` in verbs, resources or apiGroups grants everything, including what later API versions add (CIS 5.1.3).',
    'List the verbs, resources and API groups explicitly.',
  ),
  e(
    'HI-K8S-033',
    'high',
    'RBAC',
    'RBAC escalate, bind or impersonate',
    'The `escalate`, `bind` and `impersonate` verbs let the holder grant itself more rights than it has.',
    'Remove escalate/bind/impersonate; grant the concrete permissions instead.',
  ),
  e(
    'HI-K8S-034',
    'medium',
    'RBAC',
    'Role can change admission webhooks',
    'Creating or changing Validating/MutatingWebhookConfigurations lets the holder intercept or disable admission control for the cluster.',
    'Restrict the rule with `resourceNames` to the chart own webhook configuration, or remove the write verbs.',
  ),
  e(
    'HI-K8S-035',
    'low',
    'Pod Security',
    'ServiceAccount token automounted',
    'A pod gets an API token mounted unless it (or its ServiceAccount) sets `automountServiceAccountToken: false`; most workloads never call the API.',
    'Set `automountServiceAccountToken: false` on the pod or its ServiceAccount (mount a projected token where the API is needed).',
  ),
  e(
    'HI-K8S-036',
    'low',
    'Pod Security',
    'Low UID',
    'A `runAsUser` below 10000 may coincide with a privileged user on the node (e.g. a system daemon) if the container escapes.',
    'Use a UID of 10000 or more (e.g. 10001).',
  ),
  e(
    'HI-K8S-037',
    'info',
    'Supply Chain',
    'Image not pinned by digest',
    'A tag can be moved to different content; only `@sha256:` pins exactly what runs.',
    'Reference the image as `repo:tag@sha256:<digest>` (the intent `image.digest` field does this).',
  ),
  e(
    'HI-K8S-038',
    'info',
    'Secrets',
    'Secret passed as an environment variable',
    'Secrets in environment variables are inherited by child processes and often end up in logs and crash dumps (CIS 5.4.1).',
    'Mount the Secret as a file (a `secret` volume) where the application can read it from a file.',
  ),
  e(
    'HI-K8S-039',
    'low',
    'Correctness',
    'Object in the default namespace',
    'An object that names `namespace: default` ignores the namespace it is installed into (`helm install -n`).',
    'Remove `metadata.namespace` (use the release namespace, `{{ .Release.Namespace }}`).',
  ),
];

const BY_ID = new Map(CATALOG.map((c) => [c.id, c]));

export function catalogEntry(id: string): CatalogEntry | undefined {
  return BY_ID.get(id);
}
