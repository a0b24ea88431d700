/**
 * Applies policies to rendered objects, as admission of those objects would: each object is seen
 * in its own namespace or, for charts (which must not hard-code one), in the namespace the
 * environment deploys to. Kyverno policies run rule by rule (with pod-controller autogen),
 * CEL policies as a whole. Every result names policy, rule, resource and namespace.
 */
import { rulesWithAutogen } from '../autogen/autogen';
import { evaluateCelPolicy } from '../cel/cel-policy';
import { validateCelRule } from '../cel/validate-cel-rule';
import { EvalContext } from '../context/context';
import { gvkOf, isClusterScoped, type Gvk } from '../match/kinds';
import { ruleApplies } from '../match/match';
import { isArgoRollout, rolloutStandsIn, workloadRefOf } from '../rollouts/rollouts';
import type { AnyPolicy, CelPolicy, KyvernoPolicy, PolicyBinding, PolicyResult, Resource, ResourceRef, Rule } from '../types';
import { formatJsonPath, type JsonPath } from '../util/json-path';
import { wildcardMatch } from '../wildcards/wildcard';
import { validateKyvernoRule, type RuleOutcome } from './validate-rule';
import { namespaceLabelsFrom, provides, valuesFor, type PolicyValues } from './values';

export interface EngineOptions {
  /** Namespace the environment deploys to (`helm template --namespace`); default `default`. */
  namespace?: string;
  /** Admission operation; default CREATE. */
  operation?: string;
  /** Labels of namespaces, by name, for `namespaceSelector`. */
  namespaceLabels?: Record<string, Record<string, string>>;
  /** Kyverno CLI values (variables, namespace labels). */
  values?: PolicyValues;
  /** Evaluate Deployment/StatefulSet/DaemonSet rules against Argo Rollouts too (see rollouts.ts). */
  rollouts?: boolean;
  /** Kyverno's pod-controller rule generation; default on, as Kyverno does. */
  autogen?: boolean;
  bindings?: PolicyBinding[];
}

interface Prepared {
  resource: Resource;
  index: number;
  gvk: Gvk;
  namespace: string;
  ref: ResourceRef;
  base: EvalContext | undefined;
}

const autogenCache = new WeakMap<KyvernoPolicy, Array<Rule & { autogen?: boolean }>>();

export function evaluatePolicies(policies: AnyPolicy[], resources: Resource[], options: EngineOptions = {}): PolicyResult[] {
  const prepared = resources.map((r, i) => prepare(r, i, options.namespace ?? 'default'));
  const nsLabels = { ...namespaceLabelsFrom(options.values), ...(options.namespaceLabels ?? {}) };
  const results: PolicyResult[] = [];
  for (const policy of policies) {
    for (const p of prepared) {
      if (policy.kind === 'ClusterPolicy' || policy.kind === 'Policy') results.push(...applyKyverno(policy as KyvernoPolicy, p, options, nsLabels));
      else results.push(...applyCel(policy as CelPolicy, p, options, nsLabels));
    }
  }
  return results;
}

/** Kind, name and the namespace admission would see (the object's own, else the deploy namespace). */
export function admissionRef(resource: Resource, deployNamespace: string): ResourceRef {
  const kind = resource.kind ?? '';
  const namespace = isClusterScoped(kind) ? '' : resource.metadata?.namespace || deployNamespace;
  return { apiVersion: resource.apiVersion ?? '', kind, namespace, name: resource.metadata?.name ?? '' };
}

function prepare(resource: Resource, index: number, deployNamespace: string): Prepared {
  const gvk = gvkOf(resource.apiVersion, resource.kind);
  const ref = admissionRef(resource, deployNamespace);
  const namespace = ref.namespace;
  // The API server fills in metadata.namespace before admission; policies see it that way.
  const seen = namespace && !resource.metadata?.namespace ? { ...resource, metadata: { ...(resource.metadata ?? {}), namespace } } : resource;
  return { resource: seen, index, gvk, namespace, ref, base: undefined };
}

function baseContext(p: Prepared, operation: string): EvalContext {
  p.base ??= EvalContext.forRequest({ resource: p.resource, namespace: p.namespace, operation });
  return p.base;
}

function policyName(policy: AnyPolicy): string {
  return policy.kind === 'Policy' ? `${(policy as KyvernoPolicy).metadata.namespace ?? 'default'}/${policy.metadata.name}` : policy.metadata.name;
}

function applyKyverno(policy: KyvernoPolicy, p: Prepared, options: EngineOptions, nsLabels: Record<string, Record<string, string>>): PolicyResult[] {
  if (policy.kind === 'Policy' && p.namespace !== (policy.metadata.namespace ?? 'default')) return [];
  let rules = policy.spec.rules ?? [];
  if (options.autogen !== false) {
    rules = autogenCache.get(policy) ?? rulesWithAutogen(policy);
    autogenCache.set(policy, rules);
  }
  const out: PolicyResult[] = [];
  for (const rule of rules as Array<Rule & { autogen?: boolean }>) {
    const values = valuesFor(options.values, policy.metadata.name, rule.name, p.ref.name);
    const operation = String(values['request.operation'] ?? options.operation ?? 'CREATE');
    const decision = ruleApplies(rule.match, rule.exclude, {
      resource: p.resource,
      gvk: p.gvk,
      namespace: p.namespace,
      operation,
      namespaceLabels: nsLabels[p.namespace],
      kindMatches: options.rollouts ? rolloutStandsIn : undefined,
    });
    if (decision.kind === 'no') continue;
    const outcome: RuleOutcome =
      decision.kind === 'undecided'
        ? { status: 'skip', message: decision.reason, unsupported: true }
        : evaluateRule(rule, p, operation, values, options, nsLabels);
    out.push(toResult(policy, rule.name, p, outcome, { autogen: rule.autogen, action: failureActionOf(policy, rule, p.namespace) }));
  }
  return out;
}

function evaluateRule(rule: Rule, p: Prepared, operation: string, values: Record<string, unknown>, options: EngineOptions, nsLabels: Record<string, Record<string, string>>): RuleOutcome {
  if (options.rollouts && isArgoRollout(p.gvk)) {
    const ref = workloadRefOf(p.resource);
    const namesRollout = JSON.stringify(rule.match ?? {}).includes('Rollout');
    if (ref && !namesRollout) return { status: 'skip', message: `Rollout uses workloadRef ${ref}; its pod template is checked on that object`, unsupported: false };
  }
  const v = rule.validate;
  if (!v) {
    const what = rule.mutate ? 'mutate' : rule.generate ? 'generate' : rule.verifyImages ? 'verifyImages' : 'empty';
    return { status: 'skip', unsupported: true, message: `${what} rules are not evaluated: this engine checks validate rules only` };
  }
  if (v.podSecurity) return { status: 'skip', unsupported: true, message: 'validate.podSecurity is not implemented; use the built-in baseline checks or explicit patterns' };
  if (v.manifests) return { status: 'skip', unsupported: true, message: 'validate.manifests (signature verification) needs keys and signatures from a registry' };
  if (v.assert) return { status: 'skip', unsupported: true, message: 'validate.assert (assertion trees) is not implemented' };
  if (v.cel) return validateCelRule(rule, p.resource, { namespace: p.namespace, operation, namespaceLabels: nsLabels[p.namespace] });
  const ctx = baseContext(p, options.operation ?? 'CREATE').child();
  for (const [k, val] of Object.entries(values)) ctx.setVariable(k, val);
  return validateKyvernoRule(rule, ctx, p.resource, (name) => provides(values, name));
}

function applyCel(policy: CelPolicy, p: Prepared, options: EngineOptions, nsLabels: Record<string, Record<string, string>>): PolicyResult[] {
  const env = { namespace: p.namespace, operation: options.operation ?? 'CREATE', namespaceLabels: nsLabels[p.namespace] };
  return evaluateCelPolicy(policy, p.resource, env, options.bindings).map((o) =>
    toResult(policy, '', p, { status: o.status, message: o.message, paths: o.paths }, { action: o.actions.includes('Deny') ? 'Enforce' : 'Audit' }),
  );
}

function failureActionOf(policy: KyvernoPolicy, rule: Rule, namespace: string): 'Enforce' | 'Audit' {
  const v = rule.validate;
  const override = (policy.spec.validationFailureActionOverrides ?? []).find((o) => (o.namespaces ?? []).some((n) => wildcardMatch(n, namespace)))?.action;
  const raw = v?.failureAction ?? v?.validationFailureAction ?? override ?? policy.spec.validationFailureAction ?? 'Audit';
  return String(raw).toLowerCase() === 'enforce' ? 'Enforce' : 'Audit';
}

function toResult(policy: AnyPolicy, rule: string, p: Prepared, o: RuleOutcome, extra: { autogen?: boolean; action: 'Enforce' | 'Audit' }): PolicyResult {
  const annotations = policy.metadata.annotations ?? {};
  const unscored = annotations['policies.kyverno.io/scored'] === 'false' || p.resource.metadata?.annotations?.['policies.kyverno.io/scored'] === 'false';
  const result: PolicyResult = {
    policy: policyName(policy),
    rule,
    policyKind: policy.kind,
    resource: p.ref,
    result: o.status === 'fail' && unscored ? 'warn' : o.status,
    message: o.message,
    resourceIndex: p.index,
  };
  if (o.paths?.length) {
    result.jsonPaths = o.paths as JsonPath[];
    result.paths = o.paths.map(formatJsonPath);
  }
  if (o.status === 'fail') {
    result.failureAction = extra.action;
    result.admission = extra.action === 'Enforce' && !unscored ? 'deny' : 'warn';
  }
  if (annotations['policies.kyverno.io/severity']) result.severity = annotations['policies.kyverno.io/severity'];
  if (annotations['policies.kyverno.io/category']) result.category = annotations['policies.kyverno.io/category'];
  if (extra.autogen) result.autogen = true;
  return result;
}
