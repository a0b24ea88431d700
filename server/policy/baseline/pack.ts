/**
 * The built-in baseline pack: the HI-K8S catalogue (each rule mapped to its Pod Security Standards,
 * kube-linter and Checkov equivalents in catalog.ts) — Kyverno policies run by the engine and
 * whole-chart checks in TypeScript. The seed organisation's `helm-baseline` ClusterPolicy is not in
 * the default: an organisation's policy belongs in its platform config's policiesDir (the examples
 * ship it in examples/policies/); `seedPolicy: true` adds it for the policy tests.
 * Everything is in code (no file reads), so it bundles. Rules can be disabled per chart with a
 * reason; Argo Rollouts are held to the pod-controller rules by default.
 */
import { admissionRef, evaluatePolicies } from '../engine/engine';
import { loadPolicies } from '../loader/load-policies';
import type { KyvernoPolicy, PolicyResult, Resource } from '../types';
import { formatJsonPath } from '../util/json-path';
import { apiVersionPolicies } from './api-versions';
import { CATALOG, catalogEntry } from './catalog';
import { CROSS_OBJECT_CHECKS, type BaselineCheck } from './cross-object-checks';
import { POD_ADVICE_CHECKS } from './pod-advice-checks';
import { RBAC_CHECKS } from './rbac-checks';
import { objectPolicies, podSecurityPolicies, RULE_ID_ANNOTATION, workloadPolicies } from './kyverno-rules';
import { SEED_POLICY_YAML } from './seed-policy';

export interface DisabledRule {
  /** A catalogue ID (`HI-K8S-003`), `helm-baseline` or `helm-baseline/<rule>`. */
  rule: string;
  reason: string;
}

export interface BaselineOptions {
  /** Namespace the environment deploys to. */
  namespace?: string;
  /** Environment tier; production turns on the PDB and NetworkPolicy checks. Unset: a namespace starting with `prod` counts as production. */
  tier?: 'development' | 'staging' | 'production';
  /** Registries images may come from (platform config `allowedRegistries`); empty turns HI-K8S-018 off. */
  allowedRegistries?: string[];
  /** Service types allowed (default ClusterIP only). */
  allowedServiceTypes?: string[];
  /** Target Kubernetes version for the API-version rules (default 1.34). */
  kubernetesVersion?: string;
  disabled?: DisabledRule[];
  /** Hold Argo Rollouts to the Deployment/StatefulSet/DaemonSet rules (default true). */
  rollouts?: boolean;
  /** Include the seed organisation's `helm-baseline` policy (default false: it is not a neutral default). */
  seedPolicy?: boolean;
}

export interface BaselineReport {
  results: PolicyResult[];
  disabled: Array<DisabledRule & { title?: string }>;
}

export class BaselineConfigError extends Error {}

const SEED_NAME = 'helm-baseline';
const SEED_REMEDIATION: Record<string, string> = {
  'require-security-context': catalogEntry('HI-K8S-005')!.remediation,
  'require-resource-limits': catalogEntry('HI-K8S-014')!.remediation,
  'require-mandatory-labels':
    'Add the labels app.kubernetes.io/name and platform.example.com/tier (the chart labels helper sets them).',
  'require-liveness-probe':
    'Add livenessProbe. Note: the seed pattern `"?*"` is a string pattern, so Kyverno fails it for object-valued probes too; `livenessProbe: "*"` checks presence.',
  'disallow-privileged-containers': catalogEntry('HI-K8S-001')!.remediation,
};

let seedCache: KyvernoPolicy | undefined;
export function seedPolicy(): KyvernoPolicy {
  if (!seedCache) {
    const set = loadPolicies(SEED_POLICY_YAML, 'built-in:helm-baseline');
    if (set.errors.length || set.policies.length !== 1)
      throw new Error(`built-in seed policy does not load: ${set.errors.map((e) => e.message).join('; ')}`);
    seedCache = set.policies[0] as KyvernoPolicy;
  }
  return seedCache;
}

interface Pack {
  policies: KyvernoPolicy[];
  checks: BaselineCheck[];
  disabled: BaselineReport['disabled'];
}

const packCache = new Map<string, Pack>();

/** The policies and checks for these options; throws BaselineConfigError on a bad disable list. */
export function buildBaseline(options: BaselineOptions = {}): Pack {
  const key = JSON.stringify({ ...options, namespace: undefined, tier: undefined });
  const cached = packCache.get(key);
  if (cached) return cached;
  const off = new Map<string, string>();
  const disabled: Pack['disabled'] = [];
  for (const d of options.disabled ?? []) {
    const rule = d.rule.trim();
    const id = rule.toUpperCase();
    if (!d.reason?.trim()) throw new BaselineConfigError(`disabling ${rule} needs a reason`);
    const seedRule =
      rule === SEED_NAME ||
      (rule.startsWith(`${SEED_NAME}/`) && seedPolicy().spec.rules!.some((r) => `${SEED_NAME}/${r.name}` === rule));
    if (!catalogEntry(id) && !seedRule)
      throw new BaselineConfigError(
        `unknown baseline rule '${rule}'; use one of ${CATALOG.map((c) => c.id).join(', ')}, ${SEED_NAME} or ${SEED_NAME}/<rule>`,
      );
    off.set(seedRule ? rule : id, d.reason.trim());
    disabled.push({ rule: seedRule ? rule : id, reason: d.reason.trim(), title: catalogEntry(id)?.title });
  }
  const registries = options.allowedRegistries ?? [];
  if (registries.length === 0 && !off.has('HI-K8S-018')) {
    disabled.push({
      rule: 'HI-K8S-018',
      reason: 'no allowedRegistries configured',
      title: catalogEntry('HI-K8S-018')!.title,
    });
    off.set('HI-K8S-018', 'no allowedRegistries configured');
  }
  const policies = [
    ...podSecurityPolicies(),
    ...workloadPolicies(),
    ...objectPolicies(options.allowedServiceTypes ?? ['ClusterIP']),
    ...apiVersionPolicies(options.kubernetesVersion ?? '1.34'),
  ].filter((p) => !off.has(p.metadata.annotations![RULE_ID_ANNOTATION]));
  if (options.seedPolicy === true && !off.has(SEED_NAME)) {
    const seed = seedPolicy();
    const rules = seed.spec.rules!.filter((r) => !off.has(`${SEED_NAME}/${r.name}`));
    policies.unshift(rules.length === seed.spec.rules!.length ? seed : { ...seed, spec: { ...seed.spec, rules } });
  }
  const pack: Pack = {
    policies,
    checks: [...CROSS_OBJECT_CHECKS, ...RBAC_CHECKS, ...POD_ADVICE_CHECKS].filter((c) => !off.has(c.id)),
    disabled,
  };
  packCache.set(key, pack);
  return pack;
}

export function runBaseline(resources: Resource[], options: BaselineOptions = {}): BaselineReport {
  const namespace = options.namespace ?? 'default';
  const pack = buildBaseline(options);
  const production = options.tier ? options.tier === 'production' : /^prod/.test(namespace);
  const results = evaluatePolicies(pack.policies, resources, { namespace, rollouts: options.rollouts ?? true }).map(
    enrich,
  );
  for (const check of pack.checks) {
    const entry = catalogEntry(check.id)!;
    for (const f of check.run({
      resources,
      deployNamespace: namespace,
      production,
      allowedRegistries: options.allowedRegistries ?? [],
    })) {
      const r: PolicyResult = {
        policy: check.id.toLowerCase(),
        rule: check.rule,
        policyKind: 'Baseline',
        resource: admissionRef(resources[f.resourceIndex], namespace),
        result: f.status,
        message: f.message,
        resourceIndex: f.resourceIndex,
        ruleId: check.id,
        severity: entry.severity,
        category: entry.category,
      };
      if (f.status === 'fail') {
        r.remediation = entry.remediation;
        r.failureAction = entry.severity === 'high' ? 'Enforce' : 'Audit';
        r.admission = r.failureAction === 'Enforce' ? 'deny' : 'warn';
      }
      if (f.paths?.length) {
        r.jsonPaths = f.paths;
        r.paths = f.paths.map(formatJsonPath);
      }
      results.push(r);
    }
  }
  return { results, disabled: pack.disabled };
}

function enrich(r: PolicyResult): PolicyResult {
  const id = r.policy.toUpperCase();
  const entry = catalogEntry(id);
  if (entry) {
    r.ruleId = entry.id;
    if (r.result === 'fail' || r.result === 'warn') r.remediation = entry.remediation;
  } else if (r.policy === SEED_NAME && (r.result === 'fail' || r.result === 'warn')) {
    r.remediation = SEED_REMEDIATION[r.rule.replace(/^autogen-(cronjob-)?/, '')];
  }
  return r;
}
