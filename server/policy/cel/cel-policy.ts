/**
 * `ValidatingAdmissionPolicy` (admissionregistration.k8s.io/v1) and Kyverno's `ValidatingPolicy`
 * (policies.kyverno.io): match constraints by API group/version/resource/operation, object and
 * namespace selectors, CEL match conditions, variables and validations. A VAP takes its
 * validation actions from its bindings when some are given, else acts as if bound with Deny.
 */
import { selectorMatches } from '../match/label-selector';
import { gvkOf, isClusterScoped, resourceNameOf, type Gvk } from '../match/kinds';
import type { CelPolicy, LabelSelector, PolicyBinding, Resource, ResourceRule } from '../types';
import type { JsonPath } from '../util/json-path';
import { admissionInput, type AdmissionEnv } from './admission-request';
import { buildCelContext, evaluateBoolean, runValidations, type CelContext } from './cel-checks';
import { exceptionName, type CelPolicyException } from '../exceptions/exceptions';
import { findParams, type ParamKind, type ParamRef } from './params';

export interface CelPolicyOutcome {
  status: 'pass' | 'fail' | 'skip' | 'error';
  message: string;
  /** A skip because this engine cannot evaluate something (the message says what). */
  unsupported?: boolean;
  paths?: JsonPath[];
  actions: string[];
  binding?: string;
}

type Constraints = CelPolicy['spec']['matchConstraints'];

export function evaluateCelPolicy(
  policy: CelPolicy,
  resource: Resource,
  env: AdmissionEnv,
  bindings: PolicyBinding[] = [],
  objects: Resource[] = [],
  exceptions: CelPolicyException[] = [],
): CelPolicyOutcome[] {
  const mine =
    policy.kind === 'ValidatingAdmissionPolicy'
      ? bindings.filter((b) => b.spec.policyName === policy.metadata.name)
      : [];
  const targets = mine.length
    ? mine.map((b) => ({
        binding: b.metadata.name,
        actions: b.spec.validationActions ?? ['Deny'],
        extra: b.spec.matchResources,
        paramRef: b.spec.paramRef as ParamRef | undefined,
      }))
    : [
        {
          binding: undefined,
          actions: policy.spec.validationActions ?? ['Deny'],
          extra: undefined,
          paramRef: undefined,
        },
      ];
  const out: CelPolicyOutcome[] = [];
  for (const t of targets) {
    const o = evaluateOnce(policy, resource, env, t.extra, t.paramRef, objects, exceptions);
    if (o) out.push({ ...o, actions: t.actions, binding: t.binding });
  }
  return out;
}

function evaluateOnce(
  policy: CelPolicy,
  resource: Resource,
  env: AdmissionEnv,
  extra: Constraints,
  paramRef: ParamRef | undefined,
  objects: Resource[],
  exceptions: CelPolicyException[],
): Omit<CelPolicyOutcome, 'actions'> | undefined {
  const gvk = gvkOf(resource.apiVersion, resource.kind);
  const checks = [constraintsMatch(policy.spec.matchConstraints, resource, gvk, env, false)];
  if (extra) checks.push(constraintsMatch(extra, resource, gvk, env, true));
  for (const m of checks)
    if (m !== true) return m === false ? undefined : { status: 'skip', message: m, unsupported: true };
  let params: Resource[] = [];
  if (policy.spec.paramKind) {
    const found = findParams(policy.spec.paramKind as ParamKind, paramRef, objects, env.namespace);
    if ('missing' in found)
      return {
        status: 'skip',
        message: `${policy.kind} '${policy.metadata.name}': ${found.missing}`,
        unsupported: true,
      };
    params = found.params;
  }
  // With parameters, the policy is evaluated once per parameter object; the first failure counts.
  let last: Omit<CelPolicyOutcome, 'actions'> | undefined;
  for (const param of params.length ? params : [null]) {
    last = evaluateWith(policy, resource, env, param, exceptions);
    if (!last || last.status !== 'pass') return last;
  }
  return last;
}

function evaluateWith(
  policy: CelPolicy,
  resource: Resource,
  env: AdmissionEnv,
  params: Resource | null,
  exceptions: CelPolicyException[],
): Omit<CelPolicyOutcome, 'actions'> | undefined {
  const ctx = buildCelContext(admissionInput(resource, env, params), policy.spec.variables);
  if ('status' in ctx) return { status: 'skip', message: ctx.message, unsupported: true };
  const ignore = (policy.spec.failurePolicy ?? 'Fail') === 'Ignore';
  for (const c of policy.spec.matchConditions ?? []) {
    const r = evaluateBoolean(c.expression, ctx);
    if (typeof r === 'object') {
      if ('unsupported' in r) return { status: 'skip', message: r.unsupported, unsupported: true };
      return ignore
        ? { status: 'skip', message: `match condition '${c.name}' failed and failurePolicy is Ignore: ${r.error}` }
        : { status: 'error', message: r.error };
    }
    if (!r) return undefined; // not applicable
  }
  const exception = celException(exceptions, ctx);
  if (exception) return exception;
  const outcome = runValidations(policy.spec.validations ?? [], ctx);
  switch (outcome.status) {
    case 'pass':
      return { status: 'pass', message: '' };
    case 'fail':
      return { status: 'fail', message: outcome.message, paths: outcome.path ? [outcome.path] : undefined };
    case 'unsupported':
      return { status: 'skip', message: outcome.message, unsupported: true };
    default:
      return ignore
        ? { status: 'skip', message: `evaluation error ignored (failurePolicy: Ignore): ${outcome.message}` }
        : { status: 'error', message: outcome.message };
  }
}

/** A CEL PolicyException whose match conditions all hold excludes the resource: skip. */
function celException(
  exceptions: CelPolicyException[],
  ctx: CelContext,
): Omit<CelPolicyOutcome, 'actions'> | undefined {
  for (const e of exceptions) {
    let all = true;
    for (const c of e.spec.matchConditions ?? []) {
      const r = evaluateBoolean(c.expression, ctx);
      if (typeof r === 'object') {
        if ('unsupported' in r) return { status: 'skip', message: r.unsupported, unsupported: true };
        all = false;
        break;
      }
      if (!r) {
        all = false;
        break;
      }
    }
    if (all) return { status: 'skip', message: `rule is skipped due to policy exception ${exceptionName(e)}` };
  }
  return undefined;
}

/** true = matches, false = does not, string = cannot tell (the reason). */
export function constraintsMatch(
  c: Constraints,
  resource: Resource,
  gvk: Gvk,
  env: AdmissionEnv,
  fromBinding: boolean,
): boolean | string {
  if (!c) return false;
  const plural = resourceNameOf(gvk.kind);
  const ruleHits = (r: ResourceRule) =>
    listHas(r.apiGroups, gvk.group) &&
    listHas(r.apiVersions, gvk.version) &&
    (r.resources ?? []).some((x) => x === '*' || x === plural || x === `${plural}/*`) &&
    listHas(r.operations, env.operation) &&
    (!r.resourceNames?.length || r.resourceNames.includes(resource.metadata?.name ?? ''));
  // A binding without resource rules narrows nothing; a policy without them matches nothing.
  const rules = c.resourceRules ?? [];
  if (!(fromBinding && rules.length === 0) && !rules.some(ruleHits)) return false;
  if ((c.excludeResourceRules ?? []).some(ruleHits)) return false;
  if (c.objectSelector && !selectorMatches(c.objectSelector, resource.metadata?.labels)) return false;
  if (c.namespaceSelector && !isEmptySelector(c.namespaceSelector)) {
    if (gvk.kind === 'Namespace') return selectorMatches(c.namespaceSelector, resource.metadata?.labels);
    if (isClusterScoped(gvk.kind)) return true;
    if (!env.namespaceLabels)
      return `namespaceSelector needs the labels of namespace '${env.namespace}', which were not given`;
    if (!selectorMatches(c.namespaceSelector, env.namespaceLabels)) return false;
  }
  return true;
}

function listHas(list: string[] | undefined, value: string): boolean {
  return (list ?? []).some((x) => x === '*' || x === value);
}

function isEmptySelector(s: LabelSelector): boolean {
  return Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
}
