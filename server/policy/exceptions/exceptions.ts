/**
 * Policy exceptions, as Kyverno applies them: a `kyverno.io` PolicyException (v2, v2beta1)
 * names policy/rule pairs (rule names with wildcards; `<namespace>/<name>` for namespaced
 * policies) and selects resources with a rule-style `match` plus optional `conditions`; a matched
 * rule is reported `skip`. A CEL PolicyException (`policies.kyverno.io`) names CEL policies in
 * `policyRefs` and selects with CEL `matchConditions`.
 */
import type { EvalContext } from '../context/context';
import { skipReason } from '../features';
import { ruleApplies, type MatchInput } from '../match/match';
import type { Conditions, MatchResources } from '../types';
import { evaluateConditions } from '../variables/conditions';
import { wildcardMatch } from '../wildcards/wildcard';

export interface KyvernoPolicyException {
  apiVersion: string;
  kind: 'PolicyException';
  metadata: { name: string; namespace?: string };
  spec: {
    exceptions?: Array<{ policyName?: string; ruleNames?: string[]; images?: unknown[]; values?: unknown[] }>;
    match?: MatchResources;
    conditions?: Conditions;
    podSecurity?: unknown[];
  };
}

export interface CelPolicyException {
  apiVersion: string;
  kind: 'PolicyException';
  metadata: { name: string; namespace?: string };
  spec: {
    policyRefs?: Array<{ name?: string; kind?: string }>;
    matchConditions?: Array<{ name?: string; expression: string }>;
  };
}

export interface ExceptionSet {
  kyverno: KyvernoPolicyException[];
  cel: CelPolicyException[];
}

export function exceptionName(e: { metadata: { name: string; namespace?: string } }): string {
  return e.metadata.namespace ? `${e.metadata.namespace}/${e.metadata.name}` : e.metadata.name;
}

export type ExceptionOutcome =
  { kind: 'none' } | { kind: 'skip'; message: string } | { kind: 'unsupported'; message: string };

const NONE: ExceptionOutcome = { kind: 'none' };

/** Exceptions naming this policy and rule (cheap filter, before any resource is looked at). */
function exceptionsFor(
  set: ExceptionSet | undefined,
  policyKey: string,
  policyName: string,
  rule: string,
): KyvernoPolicyException[] {
  if (!set?.kyverno.length) return [];
  return set.kyverno.filter((e) =>
    (e.spec.exceptions ?? []).some(
      (x) =>
        (x.policyName === policyKey || x.policyName === policyName) &&
        (x.ruleNames ?? []).some((r) => wildcardMatch(r, rule)),
    ),
  );
}

/**
 * The PolicyException, if any, that exempts this resource from one rule of a policy (validate and mutate
 * rules alike, as Kyverno's rule handler checks them): the skip message, and whether it could not be decided.
 */
export function ruleException(
  set: ExceptionSet | undefined,
  at: { policyKey: string; policyName: string; rule: string; podSecurity: boolean },
  input: MatchInput,
  ctx: () => EvalContext,
): { message: string; unsupported: boolean } | undefined {
  const candidates = exceptionsFor(set, at.policyKey, at.policyName, at.rule);
  if (candidates.length === 0) return undefined;
  const r = matchException(candidates, input, ctx, at.podSecurity);
  return r.kind === 'none' ? undefined : { message: r.message, unsupported: r.kind === 'unsupported' };
}

/** Whether one of the candidate exceptions excludes the resource (match block and conditions). */
function matchException(
  candidates: KyvernoPolicyException[],
  input: MatchInput,
  ctx: () => EvalContext,
  isPodSecurityRule: boolean,
): ExceptionOutcome {
  for (const e of candidates) {
    // podSecurity exceptions are applied control by control inside the podSecurity check.
    if (isPodSecurityRule && e.spec.podSecurity?.length) continue;
    const d = ruleApplies(e.spec.match, undefined, input);
    if (d.kind === 'undecided')
      return {
        kind: 'unsupported',
        message: `cannot tell whether PolicyException ${exceptionName(e)} applies: ${d.reason}`,
      };
    if (d.kind !== 'yes') continue;
    if (e.spec.conditions) {
      try {
        if (!evaluateConditions(ctx(), e.spec.conditions).result) continue;
      } catch {
        continue;
      }
    }
    const fine = (e.spec.exceptions ?? []).some((x) => (x.images?.length ?? 0) > 0 || (x.values?.length ?? 0) > 0);
    if (fine)
      return {
        kind: 'unsupported',
        message: `PolicyException ${exceptionName(e)}: ${skipReason('exceptions.finegrained')}`,
      };
    return { kind: 'skip', message: `rule is skipped due to policy exception ${exceptionName(e)}` };
  }
  return NONE;
}

/** CEL exceptions naming a CEL policy (by name and, when given, kind). */
export function celExceptionsFor(
  set: ExceptionSet | undefined,
  policyName: string,
  policyKind: string,
): CelPolicyException[] {
  if (!set?.cel.length) return [];
  return set.cel.filter((e) =>
    (e.spec.policyRefs ?? []).some((r) => r.name === policyName && (!r.kind || r.kind === policyKind)),
  );
}
