/**
 * Rule and foreach `context` entries. `variable` entries are computed (value, jmesPath, default);
 * entries that need a cluster or registry (configMap, apiCall, imageRegistry, globalReference)
 * are unsupported — unless a values file supplies the variable, as `kyverno test` allows.
 */
import type { EvalContext } from '../context/context';
import { jmespath } from '../jmespath/jmespath';
import type { ContextEntry } from '../types';
import { substituteAll, substituteVariables } from '../variables/substitute';

export type LoadOutcome = { ok: true } | { ok: false; unsupported: boolean; message: string };

const CLUSTER_KINDS = ['configMap', 'apiCall', 'imageRegistry', 'globalReference'] as const;

export function loadContext(ctx: EvalContext, entries: ContextEntry[] | undefined, provided: (name: string) => boolean): LoadOutcome {
  for (const entry of entries ?? []) {
    if (provided(entry.name)) continue;
    if (entry.variable) {
      const r = loadVariable(ctx, entry);
      if (!r.ok) return r;
      continue;
    }
    const kind = CLUSTER_KINDS.find((k) => entry[k] !== undefined) ?? 'unknown';
    return {
      ok: false,
      unsupported: true,
      message: `context entry '${entry.name}' uses ${kind}, which needs a cluster; supply '${entry.name}' in a values file to evaluate this rule offline`,
    };
  }
  return { ok: true };
}

function loadVariable(ctx: EvalContext, entry: ContextEntry): LoadOutcome {
  const v = entry.variable!;
  const fallback = v.default;
  let output: unknown;
  try {
    let value: unknown;
    if (v.value !== undefined) value = substituteAll(ctx, v.value);
    if (v.jmesPath) {
      const path = substituteVariables(ctx, v.jmesPath);
      if (typeof path !== 'string') throw new Error(`jmesPath of '${entry.name}' did not resolve to a string`);
      output = v.value !== undefined ? jmespath.search(value as never, path) : ctx.query(path);
    } else {
      output = value;
    }
  } catch (e) {
    if (fallback === undefined) return { ok: false, unsupported: false, message: `failed to load context: failed to add context entry for variable ${entry.name}: ${(e as Error).message}` };
    output = undefined;
  }
  if (output === undefined || output === null) {
    if (fallback === undefined) return { ok: false, unsupported: false, message: `failed to load context: unable to add context entry for variable ${entry.name} since it evaluated to nil` };
    output = substituteAll(ctx, fallback);
  }
  ctx.setVariable(entry.name, output);
  return { ok: true };
}
