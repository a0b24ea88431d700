/** A Kyverno rule with `validate.cel`: CEL preconditions, variables and expressions. */
import type { RuleOutcome } from '../engine/validate-rule';
import type { Resource, Rule } from '../types';
import { admissionInput, type AdmissionEnv } from './admission-request';
import { buildCelContext, evaluateBoolean, runValidations } from './cel-checks';
import { findParams, type ParamKind, type ParamRef } from './params';

export function validateCelRule(
  rule: Rule,
  resource: Resource,
  env: AdmissionEnv,
  objects: Resource[] = [],
): RuleOutcome {
  const spec = rule.validate!.cel!;
  let params: Resource[] = [];
  if (spec.paramKind || spec.paramRef) {
    const found = findParams(spec.paramKind as ParamKind, spec.paramRef as ParamRef, objects, env.namespace);
    if ('missing' in found)
      return { status: 'skip', unsupported: true, message: `rule '${rule.name}': ${found.missing}` };
    params = found.params;
  }
  // Kyverno evaluates once per parameter object; the first failure decides.
  let last: RuleOutcome = { status: 'pass', message: '' };
  for (const param of params.length ? params : [null]) {
    last = validateWith(rule, resource, env, param);
    if (last.status !== 'pass') return last;
  }
  return last;
}

function validateWith(rule: Rule, resource: Resource, env: AdmissionEnv, params: Resource | null): RuleOutcome {
  const spec = rule.validate!.cel!;
  const ctx = buildCelContext(admissionInput(resource, env, params), spec.variables);
  if ('status' in ctx) return { status: 'skip', unsupported: true, message: ctx.message };
  for (const pre of rule.celPreconditions ?? []) {
    const r = evaluateBoolean(pre.expression, ctx);
    if (typeof r === 'object')
      return 'unsupported' in r
        ? { status: 'skip', unsupported: true, message: r.unsupported }
        : { status: 'error', message: r.error };
    if (!r) return { status: 'skip', message: `cel preconditions not met: ${pre.name ?? pre.expression}` };
  }
  const outcome = runValidations(spec.expressions ?? [], ctx, rule.validate!.message);
  switch (outcome.status) {
    case 'pass':
      return { status: 'pass', message: `Validation rule '${rule.name}' passed.` };
    case 'fail':
      return { status: 'fail', message: outcome.message, paths: outcome.path ? [outcome.path] : undefined };
    case 'unsupported':
      return { status: 'skip', unsupported: true, message: outcome.message };
    default:
      // Kyverno evaluates without a failure policy, so an evaluation error denies.
      return { status: 'fail', message: outcome.message };
  }
}
