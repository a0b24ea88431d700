/**
 * Rule and foreach `context` entries. `variable` entries are computed (value, jmesPath, default);
 * entries that need a cluster or registry (configMap, apiCall, imageRegistry, globalReference)
 * are unsupported — unless a values file supplies the variable, as `kyverno test` allows.
 */
import type { ClusterData } from '../context/cluster-data';
import { skipReason } from '../features';
import type { EvalContext } from '../context/context';
import { jmespath } from '../jmespath/jmespath';
import type { ContextEntry } from '../types';
import { substituteAll, substituteVariables } from '../variables/substitute';

export type LoadOutcome = { ok: true } | { ok: false; unsupported: boolean; message: string };

const CLUSTER_KINDS = ['configMap', 'apiCall', 'imageRegistry', 'globalReference'] as const;

export function loadContext(
  ctx: EvalContext,
  entries: ContextEntry[] | undefined,
  provided: (name: string) => boolean,
  cluster?: ClusterData,
): LoadOutcome {
  for (const entry of entries ?? []) {
    // As the Kyverno CLI: `variable` entries are computed even when a values file names them (they
    // are loaded after the values); entries that need a cluster are taken from the values instead.
    if (provided(entry.name) && !entry.variable) continue;
    if (entry.variable) {
      const r = loadVariable(ctx, entry);
      if (!r.ok) return r;
      continue;
    }
    if (cluster && (entry.configMap || entry.apiCall)) {
      const r = entry.configMap ? loadConfigMap(ctx, entry, cluster) : loadApiCall(ctx, entry, cluster);
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
    if (fallback === undefined)
      return {
        ok: false,
        unsupported: false,
        message: `failed to load context: failed to add context entry for variable ${entry.name}: ${(e as Error).message}`,
      };
    output = undefined;
  }
  if (output === undefined || output === null) {
    if (fallback === undefined)
      return {
        ok: false,
        unsupported: false,
        message: `failed to load context: unable to add context entry for variable ${entry.name} since it evaluated to nil`,
      };
    output = substituteAll(ctx, fallback);
  }
  ctx.setVariable(entry.name, output);
  return { ok: true };
}

function substituted(ctx: EvalContext, v: unknown): string {
  const s = substituteAll(ctx, v ?? '');
  return typeof s === 'string' ? s : String(s);
}

/** A ConfigMap from the given cluster objects; the variable is the whole object, as in Kyverno. */
function loadConfigMap(ctx: EvalContext, entry: ContextEntry, cluster: ClusterData): LoadOutcome {
  const ref = entry.configMap as { name?: unknown; namespace?: unknown };
  let name: string;
  let namespace: string;
  try {
    name = substituted(ctx, ref.name);
    namespace = substituted(ctx, ref.namespace);
  } catch (e) {
    return { ok: false, unsupported: false, message: `failed to load context: ${(e as Error).message}` };
  }
  const cm = cluster.configMap(namespace, name);
  if (!cm)
    return {
      ok: false,
      unsupported: false,
      message: `failed to load context: failed to get configmap ${namespace}/${name}: configmaps "${name}" not found`,
    };
  ctx.setVariable(entry.name, cm);
  return { ok: true };
}

/** A GET `apiCall` answered from the given cluster objects, then its `jmesPath`. */
function loadApiCall(ctx: EvalContext, entry: ContextEntry, cluster: ClusterData): LoadOutcome {
  const call = entry.apiCall as {
    urlPath?: unknown;
    method?: unknown;
    jmesPath?: unknown;
    default?: unknown;
    service?: unknown;
  };
  if (call.service || (call.method && call.method !== 'GET')) {
    return {
      ok: false,
      unsupported: true,
      message: `context entry '${entry.name}': ${skipReason('context.external')}`,
    };
  }
  try {
    const url = substituted(ctx, call.urlPath);
    let data = cluster.get(url);
    if (data === undefined) {
      if (call.default === undefined)
        return { ok: false, unsupported: false, message: `failed to load context: failed to GET ${url}: not found` };
      data = substituteAll(ctx, call.default);
    } else if (typeof call.jmesPath === 'string' && call.jmesPath) {
      data = jmespath.search(data as never, substituted(ctx, call.jmesPath));
    }
    ctx.setVariable(entry.name, data);
    return { ok: true };
  } catch (e) {
    return { ok: false, unsupported: false, message: `failed to load context: ${(e as Error).message}` };
  }
}
