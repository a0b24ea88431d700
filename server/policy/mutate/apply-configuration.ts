/**
 * Applying a MutatingPolicy `ApplyConfiguration` object, as server-side apply merges it: maps
 * merge field by field, lists the Kubernetes schema keys (`containers` by name, `ports` by
 * containerPort, …) merge element by element keeping the live order and appending new ones,
 * every other list and every scalar is replaced.
 */
import { isMap } from '../pattern/pattern';

type Json = unknown;
type Obj = Record<string, Json>;

const LIST_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  hostAliases: 'ip',
  ports: 'containerPort',
  resourceClaims: 'name',
  schedulingGates: 'name',
};

export function mergeApplyConfiguration(live: Json, applied: Json, field = ''): Json {
  if (isMap(applied)) {
    if (!isMap(live)) return applied;
    const out: Obj = { ...(live as Obj) };
    for (const [k, v] of Object.entries(applied as Obj))
      out[k] = v === null ? v : mergeApplyConfiguration((live as Obj)[k], v, k);
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const key = LIST_KEYS[field];
    if (!key || ![...live, ...applied].every(isMap)) return applied;
    const out = live.map((e) => {
      const match = applied.find((a) => (a as Obj)[key] === (e as Obj)[key]);
      return match ? mergeApplyConfiguration(e, match) : e;
    });
    for (const a of applied) if (!live.some((e) => (e as Obj)[key] === (a as Obj)[key])) out.push(a);
    return out;
  }
  return applied;
}
