/**
 * Kyverno's `MutatingPolicy` (policies.kyverno.io): match constraints and CEL match conditions
 * as for ValidatingPolicy, variables, then each mutation in order on the result of the previous:
 * `ApplyConfiguration` (the CEL object is applied like server-side apply: maps merge, keyed lists
 * merge by key, other lists are replaced) or `JSONPatch` (a CEL list of JSONPatch operations).
 * Kyverno reports `pass` when the policy ran, `skip` when a match condition is false.
 */
import { admissionRequest, namespaceObject, type AdmissionEnv } from '../cel/admission-request';
import { buildCelContext, evaluateBoolean } from '../cel/cel-checks';
import { UNSUPPORTED_CEL_LIBRARIES, celEnvironment, evaluateCel, fromCel } from '../cel/cel-env';
import { constraintsMatch } from '../cel/cel-policy';
import { gvkOf } from '../match/kinds';
import { isMap } from '../pattern/pattern';
import type { MutatingPolicy, Resource } from '../types';
import { escapeJsonPointerKey, rewriteObjectConstruction } from './cel-object-syntax';
import { applyJsonPatch, toOperations } from './json-patch';
import { mergeApplyConfiguration } from './apply-configuration';

export interface MutatingPolicyOutcome {
  status: 'pass' | 'skip' | 'error';
  message: string;
  resource: Resource;
}

export function isMutatingPolicy(p: { kind?: string; apiVersion?: string }): p is MutatingPolicy {
  return p.kind === 'MutatingPolicy' && /^policies\.kyverno\.io\//.test(p.apiVersion ?? '');
}

let escapeRegistered = false;
function ensureFunctions(): void {
  if (escapeRegistered) return;
  celEnvironment().registerFunction('jsonpatchEscapeKey(string): string', escapeJsonPointerKey);
  escapeRegistered = true;
}

/** undefined when the policy does not match the object (Kyverno gives no result then). */
export function applyMutatingPolicy(
  policy: MutatingPolicy,
  resource: Resource,
  env: AdmissionEnv,
): MutatingPolicyOutcome | undefined {
  const matched = constraintsMatch(
    policy.spec.matchConstraints,
    resource,
    gvkOf(resource.apiVersion, resource.kind),
    env,
    false,
  );
  if (matched === false) return undefined;
  if (matched !== true) return { status: 'skip', message: matched, resource };
  ensureFunctions();
  const input = {
    object: resource,
    oldObject: null,
    request: admissionRequest(resource, env),
    namespaceObject: namespaceObject(resource, env),
  };
  const ctx = buildCelContext(input, policy.spec.variables);
  if ('status' in ctx) return { status: 'skip', message: ctx.message, resource };
  for (const c of policy.spec.matchConditions ?? []) {
    const r = evaluateBoolean(c.expression, ctx);
    if (typeof r === 'object')
      return 'unsupported' in r
        ? { status: 'skip', message: r.unsupported, resource }
        : { status: 'error', message: `failed to evaluate policy: ${r.error}`, resource };
    if (!r) return { status: 'skip', message: 'skip', resource };
  }
  let current = resource;
  for (const [i, m] of (policy.spec.mutations ?? []).entries()) {
    const expression = m.patchType === 'JSONPatch' ? m.jsonPatch?.expression : m.applyConfiguration?.expression;
    if (typeof expression !== 'string')
      return {
        status: 'error',
        message: `mutations[${i}]: patchType ${m.patchType ?? '(none)'} needs an expression`,
        resource,
      };
    if (UNSUPPORTED_CEL_LIBRARIES.test(expression))
      return {
        status: 'skip',
        message: `mutations[${i}] uses a Kyverno CEL library that needs a cluster or registry`,
        resource,
      };
    let value: unknown;
    try {
      // Each mutation sees the object as the previous ones left it.
      const values = { ...ctx.values, object: buildObject(current) };
      value = fromCel(evaluateCel(rewriteObjectConstruction(expression), values));
    } catch (e) {
      return {
        status: 'error',
        message: `failed to evaluate policy: mutations[${i}]: ${(e as Error).message}`,
        resource,
      };
    }
    try {
      if (m.patchType === 'JSONPatch')
        current = applyJsonPatch(current, toOperations(value), {
          ensurePathExistsOnAdd: false,
          allowMissingPathOnRemove: false,
        }) as Resource;
      else if (isMap(value)) current = mergeApplyConfiguration(current, value) as Resource;
      else
        return {
          status: 'error',
          message: `failed to evaluate policy: mutations[${i}]: ApplyConfiguration must produce an object`,
          resource,
        };
    } catch (e) {
      return {
        status: 'error',
        message: `failed to evaluate policy: mutations[${i}]: ${(e as Error).message}`,
        resource,
      };
    }
  }
  return { status: 'pass', message: 'success', resource: current };
}

function buildObject(resource: Resource): unknown {
  const c = buildCelContext({ object: resource, oldObject: null, request: null }, undefined);
  return 'values' in c ? c.values.object : null;
}
