/**
 * One Kyverno `mutate` rule on one resource (pkg/engine/mutate + handlers/mutation): variables
 * substituted into the patch, then `patchStrategicMerge` or `patchesJson6902`, or `foreach`
 * (per element: context, preconditions, nested foreach; strategic-merge lists run in reverse
 * unless `order` says otherwise). A rule that changes nothing is `skip` ("no patches applied").
 */
import { parse as parseYaml } from 'yaml';
import type { EvalContext } from '../context/context';
import { loadContext } from '../engine/context-loader';
import { skipReason } from '../features';
import type { Conditions, ContextEntry, Resource, Rule } from '../types';
import { evaluateConditions } from '../variables/conditions';
import { substituteAll } from '../variables/substitute';
import { applyJsonPatch, toOperations } from './json-patch';
import { applyStrategicMerge } from './strategic-merge';
import { deepEqual } from '../util/deep-equal';

export interface MutateOutcome {
  status: 'pass' | 'skip' | 'error';
  message: string;
  resource: Resource;
  /** A skip because a feature needs a cluster, not because nothing applied. */
  unsupported?: boolean;
}

interface ForEachMutation {
  list?: string;
  order?: string;
  context?: ContextEntry[];
  preconditions?: Conditions;
  patchStrategicMerge?: unknown;
  patchesJson6902?: string;
  foreach?: ForEachMutation[];
}

interface Mutation {
  patchStrategicMerge?: unknown;
  patchesJson6902?: string;
  foreach?: ForEachMutation[];
  targets?: unknown;
  mutateExistingOnPolicyUpdate?: unknown;
}

/** Builds a fresh evaluation context seeing `resource` as `request.object`. */
export type ContextFor = (resource: Resource) => EvalContext;

/** Kyverno's success message: `mutated Pod/name in namespace ns`. */
function mutatedMessage(r: Resource): string {
  const ns = r.metadata?.namespace;
  return ns ? `mutated ${r.kind}/${r.metadata?.name} in namespace ${ns}` : `mutated ${r.kind}/${r.metadata?.name}`;
}

const skip = (resource: Resource, message = 'no patches applied'): MutateOutcome => ({
  status: 'skip',
  message,
  resource,
});
const error = (resource: Resource, message: string): MutateOutcome => ({ status: 'error', message, resource });

export function mutateRule(
  rule: Rule,
  resource: Resource,
  contextFor: ContextFor,
  provided: (name: string) => boolean,
): MutateOutcome {
  const m = (rule.mutate ?? {}) as Mutation;
  if (m.targets) return { status: 'skip', message: skipReason('mutate.targets'), resource, unsupported: true };
  let outcome: MutateOutcome;
  if (m.foreach) {
    outcome = forEach(m.foreach, resource, contextFor, provided, 0, undefined);
  } else {
    outcome = applyPatch(
      { patchStrategicMerge: m.patchStrategicMerge, patchesJson6902: m.patchesJson6902 },
      resource,
      contextFor(resource),
    );
  }
  return outcome.status === 'pass' ? { ...outcome, message: mutatedMessage(outcome.resource) } : outcome;
}

function applyPatch(
  step: { patchStrategicMerge?: unknown; patchesJson6902?: string },
  resource: Resource,
  ctx: EvalContext,
): MutateOutcome {
  let psm = step.patchStrategicMerge;
  let json = step.patchesJson6902;
  try {
    if (psm !== undefined && psm !== null) psm = substituteAll(ctx, psm);
    else if (typeof json === 'string' && json !== '') json = substituteAll(ctx, json) as string;
  } catch (e) {
    return error(resource, `variable substitution failed: ${(e as Error).message}`);
  }
  let patched: unknown;
  if (psm !== undefined && psm !== null) {
    const r = applyStrategicMerge(resource, psm);
    if (r.kind === 'error') return error(resource, `failed to patch resource: ${r.message}`);
    if (r.kind === 'skipped') return skip(resource, r.reason);
    patched = r.resource;
  } else if (typeof json === 'string' && json !== '') {
    try {
      const ops = toOperations(json.trim().startsWith('[') ? JSON.parse(json) : parseYaml(json));
      patched = applyJsonPatch(resource, ops);
    } catch (e) {
      return error(resource, `failed to patch resource: ${(e as Error).message}`);
    }
  } else {
    return error(resource, 'empty mutate rule');
  }
  if (deepEqual(resource, patched)) return skip(resource);
  return { status: 'pass', message: 'resource patched', resource: patched as Resource };
}

function evaluateList(expression: string, ctx: EvalContext): unknown[] {
  const trimmed = expression.trim().replace(/^\{\{\s*([\s\S]*?)\s*\}\}$/, '$1');
  const v = ctx.queryOptional(trimmed);
  return Array.isArray(v) ? v : [v];
}

/**
 * `elementCtx` is the context of the enclosing element (nested foreach), else undefined. Elements
 * see the resource as it was when the loop started, as Kyverno resets its context per element.
 */
function forEach(
  list: ForEachMutation[],
  start: Resource,
  contextFor: ContextFor,
  provided: (name: string) => boolean,
  nesting: number,
  elementCtx: EvalContext | undefined,
): MutateOutcome {
  let current = start;
  let applied = 0;
  for (const fe of list) {
    const listCtx = elementCtx?.child() ?? contextFor(current);
    let elements: unknown[];
    try {
      elements = evaluateList(fe.list ?? '', listCtx);
    } catch (e) {
      return error(current, `failed to evaluate list ${fe.list}: ${(e as Error).message}`);
    }
    const r = mutateElements(fe, elements, current, contextFor, provided, nesting, listCtx);
    if (r.status === 'error') return error(current, `failed to mutate elements: ${r.message}`);
    if (r.status === 'skip' && r.unsupported) return r;
    if (r.status === 'pass') {
      applied++;
      current = r.resource;
    }
  }
  return applied === 0
    ? skip(current, `${applied} elements processed`)
    : { status: 'pass', message: `${applied} elements processed`, resource: current };
}

function mutateElements(
  fe: ForEachMutation,
  elements: unknown[],
  start: Resource,
  contextFor: ContextFor,
  provided: (name: string) => boolean,
  nesting: number,
  listCtx: EvalContext,
): MutateOutcome {
  const strategic = fe.patchStrategicMerge !== undefined && fe.patchStrategicMerge !== null;
  const reverse = fe.order ? fe.order === 'Descending' : strategic;
  const indexed = elements.map((element, index) => ({ element, index }));
  if (reverse) indexed.reverse();
  let patched = start;
  for (const { element, index } of indexed) {
    if (element === null || element === undefined) continue;
    const ctx = listCtx.child();
    ctx.addElement(element, index, nesting);
    const loaded = loadContext(ctx, fe.context, provided);
    if (!loaded.ok)
      return loaded.unsupported
        ? { ...skip(start, loaded.message), unsupported: true }
        : error(patched, `failed to load to mutate.foreach[${index}].context: ${loaded.message}`);
    let pre;
    try {
      pre = evaluateConditions(ctx, fe.preconditions);
    } catch (e) {
      return error(patched, `failed to evaluate mutate.foreach[${index}].preconditions: ${(e as Error).message}`);
    }
    if (!pre.result) continue;
    const r = fe.foreach
      ? forEach(fe.foreach, patched, contextFor, provided, nesting + 1, ctx)
      : applyPatch(fe, patched, ctx);
    if (r.status === 'error' || (r.status === 'skip' && r.unsupported)) return r;
    if (r.status === 'pass') patched = r.resource;
  }
  return deepEqual(start, patched) ? skip(patched) : { status: 'pass', message: '', resource: patched };
}
