/**
 * Mutation before validation, as `kyverno apply` / `kyverno test` do: for each object, every
 * matching mutate rule of every policy (in order, autogen rules included) patches the object,
 * later rules seeing earlier patches; a MutatingPolicy (CEL) runs where it stands in the list. Each rule gives
 * a result (`pass` when it changed the object, `skip` when it did not); the patched objects are
 * what validation then sees.
 */
import { rulesToRun } from '../autogen/autogen';
import { EvalContext } from '../context/context';
import { loadContext } from '../engine/context-loader';
import { admissionRef } from '../engine/engine';
import { rulePreconditions } from '../engine/validate-rule';
import { namespaceLabelsFrom, provides, valuesFor, type PolicyValues } from '../engine/values';
import { gvkOf } from '../match/kinds';
import { ruleApplies } from '../match/match';
import { rolloutStandsIn } from '../rollouts/rollouts';
import type { AnyPolicy, KyvernoPolicy, PolicyResult, Resource } from '../types';
import { mutateRule } from './mutate-rule';
import { applyMutatingPolicy, isMutatingPolicy } from './mutating-policy';
import { mutatingPolicyAutogen } from './mutating-policy-autogen';
import { ruleException, type ExceptionSet } from '../exceptions/exceptions';

export interface MutationOptions {
  namespace?: string;
  operation?: string;
  values?: PolicyValues;
  namespaceLabels?: Record<string, Record<string, string>>;
  autogen?: boolean;
  /** Deployment/StatefulSet/DaemonSet selectors also select Argo Rollouts (as in the review). */
  rollouts?: boolean;
  /** PolicyExceptions: a mutate rule they name is skipped for what they match, as Kyverno does. */
  exceptions?: ExceptionSet;
}

export interface MutationPass {
  /** The objects after every mutation, in input order (unchanged objects are the input ones). */
  resources: Resource[];
  /** One result per mutate rule (or MutatingPolicy) that matched an object. */
  results: PolicyResult[];
}

/** The object a policy's mutations left (as admission sees it), for `patchedResource` checks; keyed by result. */
const patchedByResult = new WeakMap<PolicyResult, Resource>();
export function patchedResourceOf(result: PolicyResult): Resource | undefined {
  return patchedByResult.get(result);
}

export function hasMutations(policies: AnyPolicy[]): boolean {
  return policies.some(
    (p) =>
      isMutatingPolicy(p) ||
      ((p.kind === 'ClusterPolicy' || p.kind === 'Policy') &&
        ((p as KyvernoPolicy).spec.rules ?? []).some((r) => r.mutate)),
  );
}

function policyName(policy: KyvernoPolicy): string {
  return policy.kind === 'Policy'
    ? `${policy.metadata.namespace ?? 'default'}/${policy.metadata.name}`
    : policy.metadata.name;
}

/** The API server sets metadata.namespace before admission; patched objects keep only what the input had. */
function withoutInjectedNamespace(patched: Resource, original: Resource): Resource {
  if (original.metadata?.namespace || !patched.metadata?.namespace) return patched;
  const { namespace: _dropped, ...metadata } = patched.metadata;
  return { ...patched, metadata };
}

export function mutateResources(
  policies: AnyPolicy[],
  resources: Resource[],
  options: MutationOptions = {},
): MutationPass {
  if (!hasMutations(policies)) return { resources, results: [] };
  const nsLabels = { ...namespaceLabelsFrom(options.values), ...(options.namespaceLabels ?? {}) };
  const results: PolicyResult[] = [];
  const out = resources.map((original, index) => {
    const ref = admissionRef(original, options.namespace ?? 'default');
    let current: Resource =
      ref.namespace && !original.metadata?.namespace
        ? { ...original, metadata: { ...(original.metadata ?? {}), namespace: ref.namespace } }
        : original;
    for (const policy of policies) {
      const before = results.length;
      if (isMutatingPolicy(policy)) {
        const env = {
          namespace: ref.namespace,
          operation: options.operation ?? 'CREATE',
          namespaceLabels: nsLabels[ref.namespace],
        };
        // The policy as written, else the first of its pod-controller variants that matches.
        let r = applyMutatingPolicy(policy, current, env);
        if (!r && options.autogen !== false) {
          for (const variant of mutatingPolicyAutogen(policy)) {
            r = applyMutatingPolicy(variant, current, env);
            if (r) break;
          }
        }
        if (!r) continue;
        results.push({
          policy: policy.metadata.name,
          rule: '',
          policyKind: 'MutatingPolicy',
          resource: ref,
          result: r.status,
          message: r.message,
          resourceIndex: index,
        });
        current = r.resource;
      } else if (policy.kind === 'ClusterPolicy' || policy.kind === 'Policy') {
        current = mutateWithPolicy(policy as KyvernoPolicy, current, ref.namespace, index, options, nsLabels, results);
      }
      // kyverno test compares the object as admission saw it (namespace filled in).
      for (let i = before; i < results.length; i++) {
        results[i].resource = admissionRef(current, options.namespace ?? 'default');
        patchedByResult.set(results[i], current);
      }
    }
    return current === original ? original : withoutInjectedNamespace(current, original);
  });
  return { resources: out, results };
}

function mutateWithPolicy(
  policy: KyvernoPolicy,
  start: Resource,
  namespace: string,
  index: number,
  options: MutationOptions,
  nsLabels: Record<string, Record<string, string>>,
  results: PolicyResult[],
): Resource {
  if (policy.kind === 'Policy' && namespace !== (policy.metadata.namespace ?? 'default')) return start;
  let current = start;
  const rules = rulesToRun(policy, options.autogen !== false);
  for (const rule of rules as Array<(typeof rules)[number] & { autogen?: boolean }>) {
    if (!rule.mutate) continue;
    const operation = String(
      valuesFor(options.values, policy.metadata.name, rule.name, current.metadata?.name ?? '')['request.operation'] ??
        options.operation ??
        'CREATE',
    );
    const input = {
      resource: current,
      gvk: gvkOf(current.apiVersion, current.kind),
      namespace,
      operation,
      namespaceLabels: nsLabels[namespace],
      kindMatches: options.rollouts ? rolloutStandsIn : undefined,
    };
    const decision = ruleApplies(rule.match, rule.exclude, input);
    if (decision.kind === 'no') continue;
    const values = valuesFor(options.values, policy.metadata.name, rule.name, current.metadata?.name ?? '');
    const provided = (name: string) => provides(values, name);
    const requestContext = (r: Resource) => {
      const ctx = EvalContext.forRequest({ resource: r, namespace, operation }).child();
      for (const [k, v] of Object.entries(values)) ctx.setVariable(k, v);
      return ctx;
    };
    // Patches see the rule's context entries; they are recomputed when the object changes.
    const contextFor = (r: Resource) => {
      const ctx = requestContext(r);
      loadContext(ctx, rule.context, provided);
      return ctx;
    };
    const base: Omit<PolicyResult, 'result' | 'message'> = {
      policy: policyName(policy),
      rule: rule.name,
      policyKind: policy.kind,
      resource: admissionRef(current, namespace),
      resourceIndex: index,
      ...(rule.autogen ? { autogen: true } : {}),
    };
    if (decision.kind === 'undecided') {
      results.push({ ...base, result: 'skip', message: decision.reason });
      continue;
    }
    // As in Kyverno's rule handler: after the match, before context and preconditions.
    const at = { policyKey: policyName(policy), policyName: policy.metadata.name, rule: rule.name, podSecurity: false };
    const exception = ruleException(options.exceptions, at, input, () => requestContext(current));
    if (exception) {
      results.push({
        ...base,
        result: 'skip',
        message: exception.message,
        ...(exception.unsupported ? { unsupported: true } : {}),
      });
      continue;
    }
    const stop = rulePreconditions(rule, requestContext(current), provided);
    if (stop) {
      results.push({
        ...base,
        result: stop.status === 'pass' ? 'skip' : stop.status,
        message: stop.message,
        ...(stop.unsupported ? { unsupported: true } : {}),
      });
      continue;
    }
    const r = mutateRule(rule, current, contextFor, provided);
    results.push({ ...base, result: r.status, message: r.message, ...(r.unsupported ? { unsupported: true } : {}) });
    if (r.status === 'pass') current = r.resource;
  }
  return current;
}
