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
import { ruleApplies, type Decision } from '../match/match';
import { mutateResources } from '../mutate/mutate-resources';
import { validatePodSecurity } from '../pod-security/validate-pod-security';
import { isArgoRollout, rolloutStandsIn, workloadRefOf } from '../rollouts/rollouts';
import type { AnyPolicy, CelPolicy, KyvernoPolicy, MatchResources, PolicyBinding, PolicyResult, Resource, ResourceRef, Rule } from '../types';
import { formatJsonPath, type JsonPath } from '../util/json-path';
import { wildcardMatch } from '../wildcards/wildcard';
import { rulePreconditions, validateKyvernoRule, type RuleOutcome } from './validate-rule';
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
  /** Run mutate rules first (default); off when the caller already applied them (mutateResources). */
  mutate?: boolean;
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

/**
 * Most rules select by kind only; their match decision depends on nothing but the object's
 * group/version/kind, so it is computed once per kind and rule.
 */
const kindOnlyDecisions = new WeakMap<Rule, Map<string, Decision> | null>();

function kindOnly(rule: Rule): Map<string, Decision> | null {
  let cache = kindOnlyDecisions.get(rule);
  if (cache === undefined) {
    const blocks = [rule.match, rule.exclude].filter((m): m is MatchResources => !!m);
    const filters = blocks.flatMap((m) => [...(m.any ?? []), ...(m.all ?? []), m]);
    const onlyKinds = filters.every((f) => !f.subjects && !f.roles && !f.clusterRoles && Object.keys(f.resources ?? {}).every((k) => k === 'kinds'));
    cache = onlyKinds ? new Map() : null;
    kindOnlyDecisions.set(rule, cache);
  }
  return cache;
}

function decide(rule: Rule, p: Prepared, operation: string, options: EngineOptions, nsLabels: Record<string, Record<string, string>>): Decision {
  const cache = kindOnly(rule);
  const key = `${p.gvk.group}/${p.gvk.version}/${p.gvk.kind}/${options.rollouts ? 'r' : ''}`;
  const hit = cache?.get(key);
  if (hit) return hit;
  const d = ruleApplies(rule.match, rule.exclude, {
    resource: p.resource,
    gvk: p.gvk,
    namespace: p.namespace,
    operation,
    namespaceLabels: nsLabels[p.namespace],
    kindMatches: options.rollouts ? rolloutStandsIn : undefined,
  });
  cache?.set(key, d);
  return d;
}

export function evaluatePolicies(policies: AnyPolicy[], input: Resource[], options: EngineOptions = {}): PolicyResult[] {
  // Mutate before validate, as `kyverno apply`/`kyverno test` do: validation sees the patched objects.
  const mutation = options.mutate === false ? { resources: input, results: [] } : mutateResources(policies, input, options);
  const resources = mutation.resources;
  const prepared = resources.map((r, i) => prepare(r, i, options.namespace ?? 'default'));
  const nsLabels = { ...namespaceLabelsFrom(options.values), ...(options.namespaceLabels ?? {}) };
  // Objects of one group/version/kind share match decisions for kind-only rules.
  const byKind = new Map<string, Prepared[]>();
  for (const p of prepared) {
    const key = `${p.gvk.group}/${p.gvk.version}/${p.gvk.kind}`;
    const list = byKind.get(key);
    if (list) list.push(p);
    else byKind.set(key, [p]);
  }
  const results: PolicyResult[] = [...mutation.results];
  for (const policy of policies) {
    if (policy.kind === 'ClusterPolicy' || policy.kind === 'Policy') {
      const out = applyKyverno(policy as KyvernoPolicy, byKind, options, nsLabels, resources);
      // Stable: results of one policy grouped by resource, rules in policy order.
      out.sort((a, b) => (a.resourceIndex ?? 0) - (b.resourceIndex ?? 0));
      results.push(...out);
    } else if (policy.kind !== 'MutatingPolicy') {
      for (const p of prepared) results.push(...applyCel(policy as CelPolicy, p, options, nsLabels, resources));
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

function rulesOf(policy: KyvernoPolicy, options: EngineOptions): Array<Rule & { autogen?: boolean }> {
  if (options.autogen === false) return policy.spec.rules ?? [];
  let rules = autogenCache.get(policy);
  if (!rules) {
    rules = rulesWithAutogen(policy);
    autogenCache.set(policy, rules);
  }
  return rules;
}

function applyKyverno(policy: KyvernoPolicy, byKind: Map<string, Prepared[]>, options: EngineOptions, nsLabels: Record<string, Record<string, string>>, objects: Resource[]): PolicyResult[] {
  const out: PolicyResult[] = [];
  for (const rule of rulesOf(policy, options)) {
    if (rule.mutate && !rule.validate) continue; // reported by the mutation pass
    const cache = kindOnly(rule);
    for (const group of byKind.values()) {
      // A kind-only rule decides once for the whole group of objects of one kind.
      const shared = cache ? decide(rule, group[0], options.operation ?? 'CREATE', options, nsLabels) : undefined;
      if (shared?.kind === 'no') continue;
      for (const p of group) {
        if (policy.kind === 'Policy' && p.namespace !== (policy.metadata.namespace ?? 'default')) continue;
        const values = valuesFor(options.values, policy.metadata.name, rule.name, p.ref.name);
        const operation = String(values['request.operation'] ?? options.operation ?? 'CREATE');
        const decision = shared ?? decide(rule, p, operation, options, nsLabels);
        if (decision.kind === 'no') continue;
        const outcome: RuleOutcome =
          decision.kind === 'undecided'
            ? { status: 'skip', message: decision.reason, unsupported: true }
            : evaluateRule(rule, p, operation, values, options, nsLabels, objects);
        out.push(toResult(policy, rule.name, p, outcome, { autogen: rule.autogen, action: failureActionOf(policy, rule, p.namespace) }));
      }
    }
  }
  return out;
}

const nothingProvided = () => false;
const rolloutNamed = new WeakMap<Rule, boolean>();
function namesRolloutKind(rule: Rule): boolean {
  let named = rolloutNamed.get(rule);
  if (named === undefined) rolloutNamed.set(rule, (named = JSON.stringify(rule.match ?? {}).includes('Rollout')));
  return named;
}

function evaluateRule(rule: Rule, p: Prepared, operation: string, values: Record<string, unknown>, options: EngineOptions, nsLabels: Record<string, Record<string, string>>, objects: Resource[]): RuleOutcome {
  if (options.rollouts && isArgoRollout(p.gvk)) {
    const ref = workloadRefOf(p.resource);
    const namesRollout = namesRolloutKind(rule);
    if (ref && !namesRollout) return { status: 'skip', message: `Rollout uses workloadRef ${ref}; its pod template is checked on that object`, unsupported: false };
  }
  const v = rule.validate;
  if (!v) {
    if (rule.generate) return { status: 'skip', unsupported: true, message: 'generate rules are not evaluated: they create or sync other resources in a cluster' };
    if (rule.verifyImages) return { status: 'skip', unsupported: true, message: 'verifyImages rules are not evaluated: signatures and attestations need registry access' };
    return { status: 'skip', unsupported: true, message: 'rule has no validate, mutate, generate or verifyImages block' };
  }
  if (v.podSecurity) {
    const stop = rulePreconditions(rule, ruleContext(p, values, options), (name) => provides(values, name));
    return stop ?? validatePodSecurity(rule, p.resource, operation);
  }
  if (v.manifests) return { status: 'skip', unsupported: true, message: 'validate.manifests (signature verification) needs keys and signatures from a registry' };
  if (v.assert) return { status: 'skip', unsupported: true, message: 'validate.assert (assertion trees) is not implemented' };
  if (v.cel) return validateCelRule(rule, p.resource, { namespace: p.namespace, operation, namespaceLabels: nsLabels[p.namespace] }, objects);
  const ctx = baseContext(p, options.operation ?? 'CREATE').child();
  if (!options.values) return validateKyvernoRule(rule, ctx, p.resource, nothingProvided);
  for (const [k, val] of Object.entries(values)) ctx.setVariable(k, val);
  return validateKyvernoRule(rule, ctx, p.resource, (name) => provides(values, name));
}

/** The rule's evaluation context: the request plus the values file's variables for this rule. */
function ruleContext(p: Prepared, values: Record<string, unknown>, options: EngineOptions): EvalContext {
  const ctx = baseContext(p, options.operation ?? 'CREATE').child();
  for (const [k, val] of Object.entries(values)) ctx.setVariable(k, val);
  return ctx;
}

function applyCel(policy: CelPolicy, p: Prepared, options: EngineOptions, nsLabels: Record<string, Record<string, string>>, objects: Resource[]): PolicyResult[] {
  const env = { namespace: p.namespace, operation: options.operation ?? 'CREATE', namespaceLabels: nsLabels[p.namespace] };
  return evaluateCelPolicy(policy, p.resource, env, options.bindings, objects).map((o) =>
    toResult(policy, '', p, { status: o.status, message: o.message, paths: o.paths }, { action: o.actions.includes('Deny') ? 'Enforce' : 'Audit' }),
  );
}

function failureActionOf(policy: KyvernoPolicy, rule: Rule, namespace: string): 'Enforce' | 'Audit' {
  const v = rule.validate;
  if (!policy.spec.validationFailureActionOverrides) return actionName(v?.failureAction ?? v?.validationFailureAction ?? policy.spec.validationFailureAction);
  const override = (policy.spec.validationFailureActionOverrides ?? []).find((o) => (o.namespaces ?? []).some((n) => wildcardMatch(n, namespace)))?.action;
  return actionName(v?.failureAction ?? v?.validationFailureAction ?? override ?? policy.spec.validationFailureAction);
}

/** Kyverno accepts `Enforce`/`enforce`; anything else (and the default) is Audit. */
function actionName(raw: unknown): 'Enforce' | 'Audit' {
  return typeof raw === 'string' && raw.toLowerCase() === 'enforce' ? 'Enforce' : 'Audit';
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
