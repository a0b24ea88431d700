/**
 * Applies policies to rendered objects, as admission of those objects would: each object is seen
 * in its own namespace or, for charts (which must not hard-code one), in the namespace the
 * environment deploys to. Kyverno policies run rule by rule (with pod-controller autogen),
 * CEL policies as a whole. Every result names policy, rule, resource and namespace.
 */
import { rulesToRun } from '../autogen/autogen';
import { celPolicyWithAutogen } from '../autogen/cel-autogen';
import { evaluateCelPolicy } from '../cel/cel-policy';
import { validateCelRule } from '../cel/validate-cel-rule';
import type { ClusterData } from '../context/cluster-data';
import { EvalContext } from '../context/context';
import { celExceptionsFor, ruleException, type ExceptionSet } from '../exceptions/exceptions';
import { gvkOf, isClusterScoped, type Gvk } from '../match/kinds';
import { skipReason } from '../features';
import { ruleApplies, type Decision, type MatchInput, type RequestUser } from '../match/match';
import { mutateResources } from '../mutate/mutate-resources';
import { validatePodSecurity } from '../pod-security/validate-pod-security';
import { isArgoRollout, rolloutStandsIn, workloadRefOf } from '../rollouts/rollouts';
import type {
  AnyPolicy,
  CelPolicy,
  KyvernoPolicy,
  MatchResources,
  PolicyBinding,
  PolicyResult,
  Resource,
  ResourceRef,
  Rule,
} from '../types';
import { formatJsonPath, type JsonPath } from '../util/json-path';
import { wildcardMatch } from '../wildcards/wildcard';
import { rulePreconditions, validateKyvernoRule, type RuleOutcome } from './validate-rule';
import { foreachValuesFor, namespaceLabelsFrom, provides, valuesFor, type PolicyValues } from './values';
import type { AdmissionEnv } from '../cel/admission-request';

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
  /** The requesting user; without one, rules that filter on users are undecided (skip). */
  user?: RequestUser;
  /** Objects standing in for the cluster: `configMap` and GET `apiCall` context entries read them. */
  cluster?: ClusterData;
  /** PolicyExceptions: a matched rule (or CEL policy) is reported `skip`. */
  exceptions?: ExceptionSet;
  /** As `kyverno test` does: a namespace whose labels were not given has none (rather than unknown ones). */
  namespaceLabelsComplete?: boolean;
  /** Parameter objects for CEL `paramKind`/`paramRef` (`paramResources`); default: the input objects. */
  params?: Resource[];
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

/** What every rule of one evaluatePolicies call sees alike. */
interface Run {
  options: EngineOptions;
  /** Labels of namespaces by name: the values file's, then the options'. */
  nsLabels: Record<string, Record<string, string>>;
  /** Parameter objects for CEL policies: the options' or else the (mutated) input objects. */
  params: Resource[];
}

/** The value cached for `key`, computed on first use. */
function cachedFor<K extends object, V>(cache: WeakMap<K, V>, key: K, compute: (key: K) => V): V {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = compute(key)));
  return value;
}

/**
 * Most rules select by kind only; their match decision depends on nothing but the object's
 * group/version/kind, so it is computed once per kind and rule.
 */
const kindOnlyDecisions = new WeakMap<Rule, Map<string, Decision> | null>();

function kindOnly(rule: Rule): Map<string, Decision> | null {
  return cachedFor(kindOnlyDecisions, rule, decisionCacheFor);
}

/** An empty cache when the rule selects by kind only, else null (its decisions are not shared). */
function decisionCacheFor(rule: Rule): Map<string, Decision> | null {
  const blocks = [rule.match, rule.exclude].filter((m): m is MatchResources => !!m);
  const filters = blocks.flatMap((m) => [...(m.any ?? []), ...(m.all ?? []), m]);
  const onlyKinds = filters.every(
    (f) => !f.subjects && !f.roles && !f.clusterRoles && Object.keys(f.resources ?? {}).every((k) => k === 'kinds'),
  );
  return onlyKinds ? new Map() : null;
}

function decide(rule: Rule, p: Prepared, operation: string, run: Run): Decision {
  const cache = kindOnly(rule);
  const key = `${kindKey(p.gvk)}/${run.options.rollouts ? 'r' : ''}`;
  const hit = cache?.get(key);
  if (hit) return hit;
  const d = ruleApplies(rule.match, rule.exclude, matchInput(p, operation, run));
  cache?.set(key, d);
  return d;
}

function kindKey(gvk: Gvk): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}${gvk.subresource ? `/${gvk.subresource}` : ''}`;
}

function matchInput(p: Prepared, operation: string, run: Run): MatchInput {
  return {
    resource: p.resource,
    gvk: p.gvk,
    namespace: p.namespace,
    operation,
    namespaceLabels: namespaceLabelsOf(p, run),
    kindMatches: run.options.rollouts ? rolloutStandsIn : undefined,
    user: run.options.user,
  };
}

export function evaluatePolicies(
  policies: AnyPolicy[],
  input: Resource[],
  options: EngineOptions = {},
): PolicyResult[] {
  // Mutate before validate, as `kyverno apply`/`kyverno test` do: validation sees the patched objects.
  const mutation =
    options.mutate === false ? { resources: input, results: [] } : mutateResources(policies, input, options);
  const resources = mutation.resources;
  const prepared = resources.map((r, i) => prepare(r, i, options.namespace ?? 'default', options.values));
  const run: Run = {
    options,
    nsLabels: { ...namespaceLabelsFrom(options.values), ...(options.namespaceLabels ?? {}) },
    params: options.params ?? resources,
  };
  // Objects of one group/version/kind share match decisions for kind-only rules.
  const byKind = new Map<string, Prepared[]>();
  for (const p of prepared) {
    const key = kindKey(p.gvk);
    const list = byKind.get(key);
    if (list) list.push(p);
    else byKind.set(key, [p]);
  }
  const results: PolicyResult[] = [...mutation.results];
  for (const policy of policies) {
    if (policy.kind === 'ClusterPolicy' || policy.kind === 'Policy') {
      const out = applyKyverno(policy as KyvernoPolicy, byKind, run);
      // Stable: results of one policy grouped by resource, rules in policy order.
      out.sort((a, b) => (a.resourceIndex ?? 0) - (b.resourceIndex ?? 0));
      results.push(...out);
    } else if (policy.kind !== 'MutatingPolicy') {
      const variants = options.autogen === false ? [policy as CelPolicy] : celPolicyWithAutogen(policy as CelPolicy);
      for (const p of prepared) for (const v of variants) results.push(...applyCel(v, p, run));
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

function prepare(
  resource: Resource,
  index: number,
  deployNamespace: string,
  values: PolicyValues | undefined,
): Prepared {
  const gvk = subresourceGvk(gvkOf(resource.apiVersion, resource.kind), values);
  const ref = admissionRef(resource, deployNamespace);
  const namespace = ref.namespace;
  // The API server fills in metadata.namespace before admission; policies see it that way.
  const seen =
    namespace && !resource.metadata?.namespace
      ? { ...resource, metadata: { ...(resource.metadata ?? {}), namespace } }
      : resource;
  return { resource: seen, index, gvk, namespace, ref, base: undefined };
}

/**
 * A values file may declare subresource kinds (`Scale` of `deployments/scale`): such an object is
 * matched as its parent kind with that subresource, as `kyverno test` does.
 */
function subresourceGvk(gvk: Gvk, values: PolicyValues | undefined): Gvk {
  for (const s of values?.subresources ?? []) {
    const sub = s.subresource;
    const parent = s.parentResource;
    if (
      !sub ||
      !parent ||
      sub.kind !== gvk.kind ||
      (sub.group ?? '') !== gvk.group ||
      (sub.version ?? gvk.version) !== gvk.version
    )
      continue;
    return {
      group: parent.group ?? '',
      version: parent.version ?? '',
      kind: parent.kind ?? '',
      subresource: (sub.name ?? '').split('/')[1] ?? '',
    };
  }
  return gvk;
}

function baseContext(p: Prepared, operation: string, user: RequestUser | undefined): EvalContext {
  if (operation !== 'CREATE') {
    // UPDATE sees the same object as old and new (as `kyverno test` does); DELETE only the old one.
    return EvalContext.forRequest({
      resource: p.resource,
      namespace: p.namespace,
      operation,
      oldObject: operation === 'CONNECT' ? null : p.resource,
      user,
    });
  }
  p.base ??= EvalContext.forRequest({ resource: p.resource, namespace: p.namespace, operation, user });
  return p.base;
}

function policyName(policy: AnyPolicy): string {
  return policy.kind === 'Policy'
    ? `${(policy as KyvernoPolicy).metadata.namespace ?? 'default'}/${policy.metadata.name}`
    : policy.metadata.name;
}

function applyKyverno(policy: KyvernoPolicy, byKind: Map<string, Prepared[]>, run: Run): PolicyResult[] {
  const { options } = run;
  const out: PolicyResult[] = [];
  for (const rule of rulesToRun(policy, options.autogen !== false)) {
    if (rule.mutate && !rule.validate) continue; // reported by the mutation pass
    policyNameOfRule.set(rule, policy.metadata.name);
    const cache = kindOnly(rule);
    for (const group of byKind.values()) {
      // A kind-only rule decides once for the whole group of objects of one kind.
      const shared = cache ? decide(rule, group[0], options.operation ?? 'CREATE', run) : undefined;
      if (shared?.kind === 'no') continue;
      for (const p of group) {
        if (policy.kind === 'Policy' && p.namespace !== (policy.metadata.namespace ?? 'default')) continue;
        const values = valuesFor(options.values, policy.metadata.name, rule.name, p.ref.name);
        const operation = String(values['request.operation'] ?? options.operation ?? 'CREATE');
        const decision = shared ?? decide(rule, p, operation, run);
        if (decision.kind === 'no') continue;
        let outcome: RuleOutcome =
          decision.kind === 'undecided'
            ? { status: 'skip', message: decision.reason, unsupported: true }
            : (excepted(policy, rule, p, operation, values, run) ?? evaluateRule(rule, p, operation, values, run));
        if (outcome.noResult) continue;
        const action = failureActionOf(policy, rule, p.namespace);
        if (operation === 'UPDATE' && outcome.status === 'fail' && action === 'Enforce')
          outcome = existingViolation(rule, p, values, run) ?? outcome;
        out.push(toResult(policy, rule.name, p, outcome, { autogen: rule.autogen, action }));
      }
    }
  }
  return out;
}

/**
 * Kyverno's `allowExistingViolations` (default true) for Enforce rules on UPDATE: the old object is
 * checked as if created; when it already fails, the update is not blamed for it — skip.
 */
function existingViolation(
  rule: Rule,
  p: Prepared,
  values: Record<string, unknown>,
  run: Run,
): RuleOutcome | undefined {
  if ((rule.validate as { allowExistingViolations?: unknown } | undefined)?.allowExistingViolations === false)
    return undefined;
  const old = values['request.oldObject'];
  const oldResource = old && typeof old === 'object' ? (old as Resource) : p.resource;
  const oldPrepared: Prepared = { ...p, resource: oldResource, base: undefined };
  const createValues: Record<string, unknown> = { ...values, 'request.operation': 'CREATE' };
  delete createValues['request.oldObject'];
  if (decide(rule, oldPrepared, 'CREATE', run).kind !== 'yes') return undefined;
  const prior = evaluateRule(rule, oldPrepared, 'CREATE', createValues, run);
  if (prior.status !== 'fail') return undefined;
  return { status: 'skip', message: 'skipping the rule evaluation as pre-existing violations are allowed' };
}

/** A PolicyException that excludes this resource from this rule, as a skip outcome. */
function excepted(
  policy: KyvernoPolicy,
  rule: Rule,
  p: Prepared,
  operation: string,
  values: Record<string, unknown>,
  run: Run,
): RuleOutcome | undefined {
  if (!run.options.exceptions?.kyverno.length) return undefined; // the usual case, on the hot path
  const context = () => {
    const ctx = baseContext(p, operation, run.options.user).child();
    for (const [k, val] of Object.entries(values)) ctx.setVariable(k, val);
    return ctx;
  };
  const at = {
    policyKey: policyName(policy),
    policyName: policy.metadata.name,
    rule: rule.name,
    podSecurity: !!rule.validate?.podSecurity,
  };
  const r = ruleException(run.options.exceptions, at, matchInput(p, operation, run), context);
  return r && { status: 'skip', ...r };
}

const nothingProvided = () => false;
/** The policy each (possibly generated) rule belongs to, for values lookups by policy name. */
const policyNameOfRule = new WeakMap<Rule, string>();
const rolloutNamed = new WeakMap<Rule, boolean>();
function namesRolloutKind(rule: Rule): boolean {
  return cachedFor(rolloutNamed, rule, matchNamesRollout);
}

function matchNamesRollout(rule: Rule): boolean {
  return JSON.stringify(rule.match ?? {}).includes('Rollout');
}

function evaluateRule(
  rule: Rule,
  p: Prepared,
  operation: string,
  values: Record<string, unknown>,
  run: Run,
): RuleOutcome {
  const { options } = run;
  if (options.rollouts && isArgoRollout(p.gvk)) {
    const ref = workloadRefOf(p.resource);
    const namesRollout = namesRolloutKind(rule);
    if (ref && !namesRollout)
      return {
        status: 'skip',
        message: `Rollout uses workloadRef ${ref}; its pod template is checked on that object`,
        unsupported: false,
      };
  }
  const v = rule.validate;
  if (!v) {
    const what = rule.mutate ? 'mutate' : rule.generate ? 'generate' : rule.verifyImages ? 'verifyImages' : undefined;
    return {
      status: 'skip',
      unsupported: true,
      message: what ? skipReason(what) : 'the rule has no validate, mutate, generate or verifyImages block',
    };
  }
  if (v.podSecurity) {
    const ctx = baseContext(p, operation, options.user).child();
    for (const [k, val] of Object.entries(values)) ctx.setVariable(k, val);
    return (
      rulePreconditions(rule, ctx, (name) => provides(values, name)) ?? validatePodSecurity(rule, p.resource, operation)
    );
  }
  if (v.manifests) return { status: 'skip', unsupported: true, message: skipReason('validate.manifests') };
  if (v.assert) return { status: 'skip', unsupported: true, message: skipReason('validate.assert') };
  if (v.cel) return validateCelRule(rule, p.resource, celEnv(p, operation, run), run.params);
  const base = baseContext(p, operation, options.user);
  // Only context entries, foreach elements and values write to the context: others share the base.
  if (!options.values && !rule.context?.length && !v.foreach)
    return validateKyvernoRule(rule, base, p.resource, nothingProvided, options.cluster);
  const ctx = base.child();
  if (!options.values) return validateKyvernoRule(rule, ctx, p.resource, nothingProvided, options.cluster);
  for (const [k, val] of Object.entries(values)) ctx.setVariable(k, val);
  const foreachValues = foreachValuesFor(options.values, policyNameOfRule.get(rule) ?? '', rule.name);
  return validateKyvernoRule(rule, ctx, p.resource, (name) => provides(values, name), options.cluster, foreachValues);
}

function celEnv(p: Prepared, operation: string, run: Run): AdmissionEnv {
  return { namespace: p.namespace, operation, namespaceLabels: namespaceLabelsOf(p, run), user: run.options.user };
}

/** Labels of the object's namespace; unknown (undefined) unless given or declared complete. */
function namespaceLabelsOf(p: Prepared, run: Run): Record<string, string> | undefined {
  return run.nsLabels[p.namespace] ?? (run.options.namespaceLabelsComplete ? {} : undefined);
}

function applyCel(policy: CelPolicy, p: Prepared, run: Run): PolicyResult[] {
  const { options } = run;
  const env = celEnv(p, options.operation ?? 'CREATE', run);
  const exceptions = celExceptionsFor(options.exceptions, policy.metadata.name, policy.kind);
  return evaluateCelPolicy(policy, p.resource, env, options.bindings, run.params, exceptions).map((o) =>
    toResult(
      policy,
      '',
      p,
      { status: o.status, message: o.message, paths: o.paths, unsupported: o.unsupported },
      { action: o.actions.includes('Deny') ? 'Enforce' : 'Audit' },
    ),
  );
}

function failureActionOf(policy: KyvernoPolicy, rule: Rule, namespace: string): 'Enforce' | 'Audit' {
  const v = rule.validate;
  if (!policy.spec.validationFailureActionOverrides)
    return actionName(v?.failureAction ?? v?.validationFailureAction ?? policy.spec.validationFailureAction);
  const override = (policy.spec.validationFailureActionOverrides ?? []).find((o) =>
    (o.namespaces ?? []).some((n) => wildcardMatch(n, namespace)),
  )?.action;
  return actionName(v?.failureAction ?? v?.validationFailureAction ?? override ?? policy.spec.validationFailureAction);
}

/** Kyverno accepts `Enforce`/`enforce`; anything else (and the default) is Audit. */
function actionName(raw: unknown): 'Enforce' | 'Audit' {
  return typeof raw === 'string' && raw.toLowerCase() === 'enforce' ? 'Enforce' : 'Audit';
}

interface PolicyMeta {
  name: string;
  unscored: boolean;
  severity?: string;
  category?: string;
}

// Per-policy facts every result repeats: computed once, not per result.
const policyMeta = new WeakMap<AnyPolicy, PolicyMeta>();
function metaOf(policy: AnyPolicy): PolicyMeta {
  return cachedFor(policyMeta, policy, readMeta);
}

function readMeta(policy: AnyPolicy): PolicyMeta {
  const annotations = policy.metadata.annotations ?? {};
  return {
    name: policyName(policy),
    unscored: annotations['policies.kyverno.io/scored'] === 'false',
    severity: annotations['policies.kyverno.io/severity'] || undefined,
    category: annotations['policies.kyverno.io/category'] || undefined,
  };
}

function toResult(
  policy: AnyPolicy,
  rule: string,
  p: Prepared,
  o: RuleOutcome,
  extra: { autogen?: boolean; action: 'Enforce' | 'Audit' },
): PolicyResult {
  const meta = metaOf(policy);
  const unscored = meta.unscored || p.resource.metadata?.annotations?.['policies.kyverno.io/scored'] === 'false';
  const result: PolicyResult = {
    policy: meta.name,
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
  if (meta.severity) result.severity = meta.severity;
  if (meta.category) result.category = meta.category;
  if (extra.autogen) result.autogen = true;
  if (o.unsupported && o.status === 'skip') result.unsupported = true;
  return result;
}
