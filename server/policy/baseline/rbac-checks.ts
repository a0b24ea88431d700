/**
 * RBAC rules of the rendered Roles and ClusterRoles: reading every Secret, wildcards, the verbs that
 * grant more rights (escalate, bind, impersonate) and write access to admission webhooks.
 */
import type { Resource } from '../types';
import type { JsonPath } from '../util/json-path';
import type { BaselineCheck, CheckFinding } from './cross-object-checks';

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
}

const ROLE_KINDS = ['Role', 'ClusterRole'];
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const has = (values: string[], ...wanted: string[]) => values.some((v) => v === '*' || wanted.includes(v));
const label = (r: Resource) => `${r.kind}/${r.metadata?.name ?? '?'}`;

function rulesOf(r: Resource): PolicyRule[] {
  const rules = (r as { rules?: unknown }).rules;
  return Array.isArray(rules) ? rules.map((x) => (x && typeof x === 'object' ? (x as PolicyRule) : {})) : [];
}

/** One finding per Role/ClusterRole: the rules that `matches` picks (paths to each), or a pass. */
function roleCheck(
  id: string,
  rule: string,
  matches: (p: PolicyRule, i: number) => JsonPath | undefined,
  describe: (r: Resource, count: number) => string,
): BaselineCheck {
  return {
    id,
    rule,
    run({ resources }) {
      const out: CheckFinding[] = [];
      resources.forEach((r, index) => {
        if (!ROLE_KINDS.includes(r.kind ?? '')) return;
        const paths = rulesOf(r)
          .map((p, i) =>
            matches(
              {
                apiGroups: list(p.apiGroups),
                resources: list(p.resources),
                verbs: list(p.verbs),
                resourceNames: list(p.resourceNames),
              },
              i,
            ),
          )
          .filter((p): p is JsonPath => !!p);
        out.push(
          paths.length
            ? { resourceIndex: index, status: 'fail', message: describe(r, paths.length), paths }
            : { resourceIndex: index, status: 'pass', message: `${label(r)}: no such rule.` },
        );
      });
      return out;
    },
  };
}

const coreGroup = (p: PolicyRule) => has(p.apiGroups!, '');

export const readsSecrets = roleCheck(
  'HI-K8S-031',
  'restrict-secret-read',
  (p, i) =>
    coreGroup(p) &&
    has(p.resources!, 'secrets') &&
    has(p.verbs!, 'get', 'list', 'watch') &&
    p.resourceNames!.length === 0
      ? ['rules', i, 'resources']
      : undefined,
  (r) => `${label(r)} can read every Secret in its scope (get/list/watch on secrets without resourceNames).`,
);

export const wildcards = roleCheck(
  'HI-K8S-032',
  'disallow-rbac-wildcards',
  (p, i) => {
    const field = (['verbs', 'resources', 'apiGroups'] as const).find((f) => p[f]!.includes('*'));
    return field ? ['rules', i, field] : undefined;
  },
  (r, n) => `${label(r)} uses * in ${n} rule(s): it grants every verb, resource or API group, including future ones.`,
);

export const escalation = roleCheck(
  'HI-K8S-033',
  'disallow-rbac-escalation-verbs',
  (p, i) => (p.verbs!.some((v) => ['escalate', 'bind', 'impersonate'].includes(v)) ? ['rules', i, 'verbs'] : undefined),
  (r) => `${label(r)} grants escalate, bind or impersonate: the holder can give itself more rights.`,
);

export const webhookWrites = roleCheck(
  'HI-K8S-034',
  'restrict-webhook-configuration-writes',
  (p, i) =>
    has(p.apiGroups!, 'admissionregistration.k8s.io') &&
    has(p.resources!, 'validatingwebhookconfigurations', 'mutatingwebhookconfigurations') &&
    has(p.verbs!, 'create', 'update', 'patch', 'delete', 'deletecollection') &&
    p.resourceNames!.length === 0
      ? ['rules', i, 'resources']
      : undefined,
  (r) => `${label(r)} can create or change any admission webhook configuration.`,
);

export const RBAC_CHECKS: BaselineCheck[] = [readsSecrets, wildcards, escalation, webhookWrites];
