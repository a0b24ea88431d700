/**
 * The merge step of `patchStrategicMerge`, as kustomize's kyaml merge2 does it for Kyverno
 * (ListIncreaseDirection: prepend): maps merge key by key, `null` deletes; lists of objects with
 * a merge key (Kubernetes' patch merge keys, else one inferred like kyaml: `mountPath`,
 * `devicePath`, `ip`, `type`, `topologyKey`, `name`, `containerPort` present in every element)
 * merge element by element — the patch's elements first, then the rest of the resource's —
 * and every other list is replaced by the patch's. `$patch: delete` / `$patch: replace` on a map
 * (and `$patch: delete` on a list element) work as in kustomize.
 */
import { isMap } from '../pattern/pattern';
import { ConditionError, GlobalConditionError, preprocess, type Json } from './strategic-preprocess';

type Obj = Record<string, Json>;

/** Kubernetes `x-kubernetes-patch-merge-key` by list field name (pod spec, container, metadata, service). */
const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  volumes: ['name'],
  imagePullSecrets: ['name'],
  env: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  hostAliases: ['ip'],
  topologySpreadConstraints: ['topologyKey'],
  resourceClaims: ['name'],
  schedulingGates: ['name'],
  ownerReferences: ['uid'],
  ports: ['containerPort', 'port'],
};
const INFERRED_KEYS = ['mountPath', 'devicePath', 'ip', 'type', 'topologyKey', 'name', 'containerPort'];

export type StrategicMergeOutcome =
  { kind: 'patched'; resource: Json } | { kind: 'skipped'; reason: string } | { kind: 'error'; message: string };

export function applyStrategicMerge(resource: Json, overlay: Json): StrategicMergeOutcome {
  if (!isMap(overlay))
    return { kind: 'error', message: 'failed to apply patchStrategicMerge: the patch is not a mapping' };
  let patch: Obj = structuredClone(overlay) as Obj;
  try {
    preprocess(patch, resource);
  } catch (e) {
    if (e instanceof ConditionError || e instanceof GlobalConditionError) patch = {};
    else return { kind: 'error', message: `failed to preProcess rule: ${(e as Error).message}` };
  }
  return { kind: 'patched', resource: mergeValue(resource, patch, '') };
}

function mergeValue(dest: Json, patch: Json, field: string): Json {
  if (patch === undefined) return dest;
  // Strategic-merge directives kyaml honours on maps: drop the field, or take the patch as is.
  if (isMap(patch) && (patch as Obj).$patch === 'delete') return undefined;
  if (isMap(patch) && (patch as Obj).$patch === 'replace') return stripNulls(patch);
  if (isMap(patch)) {
    if (!isMap(dest)) return stripNulls(patch);
    return mergeMaps(dest as Obj, patch as Obj);
  }
  if (Array.isArray(patch)) {
    if (!Array.isArray(dest)) return stripNulls(patch);
    const keys = mergeKeysFor(field, dest, patch);
    return keys ? mergeLists(dest, patch, keys) : stripNulls(patch);
  }
  return patch;
}

function mergeMaps(dest: Obj, patch: Obj): Obj {
  const out: Obj = { ...dest };
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch') continue;
    const merged = v === null ? undefined : mergeValue(dest[k], v, k);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}

/** A new subtree from the patch: its `null`s mean "absent". */
function stripNulls(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (isMap(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v as Obj)) if (x !== null && k !== '$patch') out[k] = stripNulls(x);
    return out;
  }
  return v;
}

function mergeKeysFor(field: string, dest: Json[], patch: Json[]): string | undefined {
  const all = [...dest, ...patch];
  if (!all.length || !all.every(isMap)) return undefined;
  const candidates = MERGE_KEYS[field] ?? INFERRED_KEYS;
  // kyaml infers a key any one side has on all of its elements.
  for (const side of [dest, patch]) {
    if (!side.length) continue;
    const key = candidates.find((k) => side.every((e) => (e as Obj)[k] !== undefined && (e as Obj)[k] !== null));
    if (key) return key;
  }
  return undefined;
}

function keyOf(e: Json, key: string): string | undefined {
  const v = isMap(e) ? (e as Obj)[key] : undefined;
  return v === undefined || v === null ? undefined : String(v);
}

function mergeLists(dest: Json[], patch: Json[], key: string): Json[] {
  // Order as kyaml's prepend merge: keys from the patch first, then the resource's own.
  const order: string[] = [];
  for (const e of [...patch, ...dest]) {
    const k = keyOf(e, key);
    if (k !== undefined && !order.includes(k)) order.push(k);
  }
  const out: Json[] = [];
  for (const k of order) {
    const d = dest.find((e) => keyOf(e, key) === k);
    const p = patch.find((e) => keyOf(e, key) === k);
    if (isMap(p) && (p as Obj).$patch === 'delete') continue;
    const merged = p === undefined ? d : d === undefined ? stripNulls(p) : mergeValue(d, p, '');
    if (merged === undefined || merged === null || (isMap(merged) && Object.keys(merged).length === 0)) continue;
    if (isMap(merged) && (merged as Obj)[key] === undefined) (merged as Obj)[key] = k;
    out.push(merged);
  }
  // Elements without the key stay, after the keyed ones.
  for (const e of dest) if (keyOf(e, key) === undefined) out.push(e);
  return out;
}
