/**
 * Baseline rules written as Kyverno ClusterPolicies. Pod rules are written for `Pod`, as
 * Kyverno's own library does: autogen carries them to Deployments, StatefulSets, DaemonSets,
 * Jobs and CronJobs, and the Rollouts option to Argo Rollouts.
 */
import type { KyvernoPolicy, Rule, Validation } from '../types';
import { catalogEntry } from './catalog';

export const RULE_ID_ANNOTATION = 'helm-intent.dev/rule-id';

export function baselinePolicy(
  id: string,
  rule: Omit<Rule, 'match'> & { match?: Rule['match'] },
  kinds: string[] = ['Pod'],
): KyvernoPolicy {
  const entry = catalogEntry(id);
  if (!entry) throw new Error(`unknown baseline rule ${id}`);
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: {
      name: id.toLowerCase(),
      annotations: {
        [RULE_ID_ANNOTATION]: id,
        'policies.kyverno.io/title': entry.title,
        'policies.kyverno.io/severity': entry.severity,
        'policies.kyverno.io/category': entry.category,
        'policies.kyverno.io/description': entry.doc,
      },
    },
    spec: {
      validationFailureAction: entry.severity === 'high' ? 'Enforce' : 'Audit',
      background: true,
      rules: [{ match: { any: [{ resources: { kinds } }] }, ...rule }],
    },
  };
}

/**
 * Probes only make sense for long-running pods: autogen stops at Deployment/StatefulSet/DaemonSet
 * (Kyverno's own require-pod-probes does the same), and Helm hook and test pods — a migration Job,
 * a `helm test` Pod — are excluded by their `helm.sh/hook` annotation.
 */
function longRunningOnly(policy: KyvernoPolicy): KyvernoPolicy {
  policy.metadata.annotations = {
    ...policy.metadata.annotations,
    'pod-policies.kyverno.io/autogen-controllers': 'Deployment,StatefulSet,DaemonSet',
  };
  // A precondition, not an `exclude` on annotations: Kyverno does not autogen rules that match on annotations.
  for (const rule of policy.spec.rules ?? [])
    rule.preconditions = {
      all: [{ key: `{{ request.object.metadata.annotations."helm.sh/hook" || '' }}`, operator: 'Equals', value: '' }],
    };
  return policy;
}

type Containers = 'containers' | 'initContainers' | 'ephemeralContainers';
const OPTIONAL: Containers[] = ['initContainers', 'ephemeralContainers'];

/** `spec.containers` required, init and ephemeral containers checked when present. */
function everyContainer(
  item: Record<string, unknown>,
  lists: Containers[] = ['containers', ...OPTIONAL],
): Record<string, unknown> {
  return Object.fromEntries(lists.map((l) => [l === 'containers' ? l : `=(${l})`, [item]]));
}

const pattern = (message: string, spec: Record<string, unknown>): Validation => ({ message, pattern: { spec } });

/** A foreach over each container list, deny-style. */
function perContainer(message: string, conditions: NonNullable<Validation['deny']>['conditions']): Validation {
  return {
    message,
    foreach: (['containers', ...OPTIONAL] as const).map((l) => ({
      list: `request.object.spec.${l}`,
      deny: { conditions },
    })),
  };
}

const SECRET_NAMES = [
  '*PASSWORD*',
  '*PASSWD*',
  '*SECRET*',
  '*TOKEN*',
  '*API_KEY*',
  '*APIKEY*',
  '*PRIVATE_KEY*',
  '*CREDENTIAL*',
];
const REFERENCE_NAMES = ['*_FILE', '*_PATH', '*_NAME', '*_REF', '*_KEY_ID', '*_ID'];
/** Names of switches and settings about a secret, not the secret itself (bitnami's ALLOW_EMPTY_PASSWORD). */
const FLAG_NAMES = [
  'ALLOW_*',
  'ENABLE_*',
  'DISABLE_*',
  'REQUIRE_*',
  'SKIP_*',
  'USE_*',
  '*_ENABLED',
  '*_DISABLED',
  '*_REQUIRED',
  '*_ALLOWED',
  '*_LENGTH',
  '*_POLICY',
  '*_TTL',
  '*_TIMEOUT',
  '*_EXPIRY',
  '*_EXPIRATION',
  '*_ALGORITHM',
  '*_MODE',
  '*_TYPE',
  '*_METHOD',
  '*_HEADER',
  '*_ROTATION*',
];
/** Values that are a switch, never a credential. */
const NON_SECRET_VALUES = [
  'true',
  'false',
  'yes',
  'no',
  'y',
  'n',
  'on',
  'off',
  '0',
  '1',
  'enabled',
  'disabled',
  'none',
  'null',
];

export function podSecurityPolicies(): KyvernoPolicy[] {
  return [
    baselinePolicy('HI-K8S-001', {
      name: 'disallow-privileged-containers',
      validate: pattern(
        'Privileged containers are not allowed.',
        everyContainer({ '=(securityContext)': { '=(privileged)': false } }),
      ),
    }),
    baselinePolicy('HI-K8S-002', {
      name: 'disallow-privilege-escalation',
      validate: pattern(
        'Containers must set securityContext.allowPrivilegeEscalation to false.',
        everyContainer({ securityContext: { allowPrivilegeEscalation: false } }, ['containers', 'initContainers']),
      ),
    }),
    baselinePolicy('HI-K8S-003', {
      name: 'require-drop-all-capabilities',
      validate: perContainer('Containers must drop ALL capabilities (securityContext.capabilities.drop).', {
        all: [{ key: 'ALL', operator: 'AnyNotIn', value: '{{ element.securityContext.capabilities.drop[] || `[]` }}' }],
      }),
    }),
    baselinePolicy('HI-K8S-004', {
      name: 'restrict-added-capabilities',
      validate: perContainer('Containers may add only NET_BIND_SERVICE (securityContext.capabilities.add).', {
        all: [
          {
            key: '{{ element.securityContext.capabilities.add[] || `[]` }}',
            operator: 'AnyNotIn',
            value: ['NET_BIND_SERVICE'],
          },
        ],
      }),
    }),
    baselinePolicy('HI-K8S-005', {
      name: 'require-run-as-non-root',
      validate: {
        message:
          'Running as root is not allowed: set securityContext.runAsNonRoot to true on the pod or on every container.',
        anyPattern: [
          {
            spec: {
              securityContext: { runAsNonRoot: true },
              ...everyContainer({ '=(securityContext)': { '=(runAsNonRoot)': true } }),
            },
          },
          { spec: everyContainer({ securityContext: { runAsNonRoot: true } }, ['containers', 'initContainers']) },
        ],
      },
    }),
    baselinePolicy('HI-K8S-006', {
      name: 'disallow-run-as-root-user',
      validate: pattern('runAsUser must not be 0.', {
        '=(securityContext)': { '=(runAsUser)': '>0' },
        ...everyContainer({ '=(securityContext)': { '=(runAsUser)': '>0' } }),
      }),
    }),
    baselinePolicy('HI-K8S-007', {
      name: 'require-read-only-root-filesystem',
      validate: pattern(
        'Containers must set securityContext.readOnlyRootFilesystem to true.',
        everyContainer({ securityContext: { readOnlyRootFilesystem: true } }, ['containers', 'initContainers']),
      ),
    }),
    baselinePolicy('HI-K8S-008', {
      name: 'disallow-host-path',
      validate: pattern('hostPath volumes are not allowed.', { '=(volumes)': [{ 'X(hostPath)': 'null' }] }),
    }),
    baselinePolicy('HI-K8S-009', {
      name: 'disallow-host-network',
      validate: pattern('hostNetwork must be false or unset.', { '=(hostNetwork)': false }),
    }),
    baselinePolicy('HI-K8S-010', {
      name: 'disallow-host-pid',
      validate: pattern('hostPID must be false or unset.', { '=(hostPID)': false }),
    }),
    baselinePolicy('HI-K8S-011', {
      name: 'disallow-host-ipc',
      validate: pattern('hostIPC must be false or unset.', { '=(hostIPC)': false }),
    }),
    baselinePolicy('HI-K8S-012', {
      name: 'disallow-host-ports',
      validate: pattern('hostPort must be 0 or unset.', everyContainer({ '=(ports)': [{ '=(hostPort)': 0 }] })),
    }),
    baselinePolicy('HI-K8S-030', {
      name: 'require-seccomp-profile',
      validate: {
        message:
          'Set securityContext.seccompProfile.type to RuntimeDefault (or Localhost) on the pod or on every container.',
        anyPattern: [
          { spec: { securityContext: { seccompProfile: { type: 'RuntimeDefault | Localhost' } } } },
          { spec: { containers: [{ securityContext: { seccompProfile: { type: 'RuntimeDefault | Localhost' } } }] } },
        ],
      },
    }),
  ];
}

export function workloadPolicies(): KyvernoPolicy[] {
  return [
    baselinePolicy('HI-K8S-013', {
      name: 'require-requests',
      validate: pattern('CPU and memory requests are required.', {
        containers: [{ resources: { requests: { cpu: '?*', memory: '?*' } } }],
      }),
    }),
    baselinePolicy('HI-K8S-014', {
      name: 'require-limits',
      validate: pattern('CPU and memory limits are required.', {
        containers: [{ resources: { limits: { cpu: '?*', memory: '?*' } } }],
      }),
    }),
    longRunningOnly(
      baselinePolicy('HI-K8S-015', {
        name: 'require-liveness-probe',
        validate: pattern('A livenessProbe is required.', { containers: [{ livenessProbe: '*' }] }),
      }),
    ),
    longRunningOnly(
      baselinePolicy('HI-K8S-016', {
        name: 'require-readiness-probe',
        validate: pattern('A readinessProbe is required.', { containers: [{ readinessProbe: '*' }] }),
      }),
    ),
    baselinePolicy('HI-K8S-017', {
      name: 'disallow-mutable-image-tags',
      validate: pattern(
        'Images need an immutable tag or digest; untagged images and :latest are not allowed.',
        everyContainer({ image: '*:* & !*:latest' }, ['containers', 'initContainers']),
      ),
    }),
    baselinePolicy('HI-K8S-019', {
      name: 'disallow-secret-env-literals',
      validate: {
        message: 'Environment variables that carry credentials must use valueFrom.secretKeyRef, not a literal value.',
        foreach: (['containers', 'initContainers'] as const).map((l) => ({
          list: `request.object.spec.${l}`,
          foreach: [
            {
              list: 'element.env',
              deny: {
                conditions: {
                  all: [
                    { key: '{{ to_upper(element.name) }}', operator: 'AnyIn', value: SECRET_NAMES },
                    {
                      key: '{{ to_upper(element.name) }}',
                      operator: 'AllNotIn',
                      value: [...REFERENCE_NAMES, ...FLAG_NAMES],
                    },
                    { key: "{{ element.value || '' }}", operator: 'NotEquals', value: '' },
                    {
                      key: "{{ to_lower(to_string(element.value || '')) }}",
                      operator: 'AllNotIn',
                      value: NON_SECRET_VALUES,
                    },
                    // `$(OTHER_VAR)` expands another variable (set from a Secret): a reference, not a literal.
                    // (Spelled with join: a literal dollar-paren is Kyverno's own reference syntax.)
                    {
                      key: "{{ starts_with(to_string(element.value || ''), join('', ['$', '('])) }}",
                      operator: 'Equals',
                      value: false,
                    },
                  ],
                },
              },
            },
          ],
        })),
      },
    }),
    baselinePolicy('HI-K8S-021', {
      name: 'disallow-default-service-account-token',
      validate: {
        message:
          'Pods must not use the default ServiceAccount with an automounted token: set automountServiceAccountToken to false or use a dedicated ServiceAccount.',
        anyPattern: [{ spec: { automountServiceAccountToken: false } }, { spec: { serviceAccountName: '!default' } }],
      },
    }),
    baselinePolicy('HI-K8S-028', {
      name: 'disallow-duplicate-env',
      validate: {
        message: 'Environment variable names must be unique within a container.',
        cel: {
          expressions: [
            {
              expression:
                'object.spec.containers.all(c, !has(c.env) || c.env.all(e, c.env.filter(x, x.name == e.name).size() == 1))',
              messageExpression:
                "'Duplicate environment variables: ' + object.spec.containers.filter(c, has(c.env) && c.env.exists(e, c.env.filter(x, x.name == e.name).size() > 1)).map(c, c.name + ' (' + c.env.filter(e, c.env.filter(x, x.name == e.name).size() > 1).map(e, e.name).join(', ') + ')').join('; ')",
            },
          ],
        },
      },
    }),
  ];
}

export function objectPolicies(allowedServiceTypes: string[]): KyvernoPolicy[] {
  return [
    baselinePolicy(
      'HI-K8S-020',
      {
        name: 'disallow-secrets-in-configmaps',
        validate: {
          message: 'ConfigMap data must not hold credentials; use a Secret.',
          deny: {
            conditions: {
              any: [
                {
                  key: '{{ keys(request.object.data || `{}`)[].to_lower(@) }}',
                  operator: 'AnyIn',
                  value: [
                    '*password*',
                    '*passwd*',
                    '*secret*',
                    '*token*',
                    '*apikey*',
                    '*api_key*',
                    '*api-key*',
                    '*private_key*',
                    '*private-key*',
                    '*credential*',
                  ],
                  message: 'a data key names a credential',
                },
                {
                  key: "{{ values(request.object.data || `{}`)[?contains(@, 'PRIVATE KEY-----')] | length(@) }}",
                  operator: 'GreaterThan',
                  value: 0,
                  message: 'a data value holds a private key',
                },
              ],
            },
          },
        },
      },
      ['ConfigMap'],
    ),
    baselinePolicy(
      'HI-K8S-023',
      {
        name: 'restrict-service-types',
        validate: {
          message: `Service type must be one of: ${allowedServiceTypes.join(', ')}.`,
          pattern: { spec: { '=(type)': allowedServiceTypes.join(' | ') } },
        },
      },
      ['Service'],
    ),
    baselinePolicy(
      'HI-K8S-027',
      {
        name: 'hpa-min-not-above-max',
        validate: {
          message:
            'HorizontalPodAutoscaler minReplicas ({{ request.object.spec.minReplicas || `1` }}) must not exceed maxReplicas ({{ request.object.spec.maxReplicas }}).',
          deny: {
            conditions: {
              all: [
                {
                  key: '{{ request.object.spec.minReplicas || `1` }}',
                  operator: 'GreaterThan',
                  value: '{{ request.object.spec.maxReplicas }}',
                },
              ],
            },
          },
        },
      },
      ['HorizontalPodAutoscaler'],
    ),
  ];
}
