/**
 * The environment diff: which objects one environment renders that the other does not, and for the
 * objects both render, which fields were added, removed or changed (e.g. `spec.replicas` 1 → 3).
 * Pure (no DOM), so it is unit-tested and benchmarked in Node.
 *
 * Lists of named items (containers, ports, env vars, volumes) are matched by `name`, so a container
 * added before another does not show every later container as changed; other lists by position.
 * A subtree that exists on one side only is one change at its root, not one per leaf.
 */
import type { JsonValue } from '../server/protocol/webview-protocol';

export interface DiffableObject {
  id: string;
  kind: string;
  name: string;
  namespace?: string;
  object: JsonValue;
}

export interface FieldChange {
  /** Display path, e.g. `spec.template.spec.containers[name=app].resources.requests.cpu`. */
  path: string;
  type: 'added' | 'removed' | 'changed';
  before?: JsonValue;
  after?: JsonValue;
}

export interface ObjectDiff {
  id: string;
  kind: string;
  name: string;
  namespace?: string;
  status: 'added' | 'removed' | 'changed';
  /** Field changes (empty for added/removed objects). */
  changes: FieldChange[];
}

export interface EnvironmentDiff {
  from: string;
  to: string;
  /** Objects that differ, in the order of `to` (removed ones where they stood in `from`). */
  objects: ObjectDiff[];
  unchanged: number;
}

export function diffEnvironments(
  from: { name: string; objects: DiffableObject[] },
  to: { name: string; objects: DiffableObject[] },
): EnvironmentDiff {
  const before = new Map(from.objects.map((o) => [o.id, o]));
  const afterIds = new Set(to.objects.map((o) => o.id));
  const objects: ObjectDiff[] = [];
  let unchanged = 0;
  for (const o of to.objects) {
    const old = before.get(o.id);
    if (!old) {
      objects.push(summary(o, 'added', []));
      continue;
    }
    const changes: FieldChange[] = [];
    diffValues(old.object, o.object, '', changes);
    if (changes.length) objects.push(summary(o, 'changed', changes));
    else unchanged++;
  }
  for (const o of from.objects) if (!afterIds.has(o.id)) objects.push(summary(o, 'removed', []));
  return { from: from.name, to: to.name, objects, unchanged };
}

function summary(o: DiffableObject, status: ObjectDiff['status'], changes: FieldChange[]): ObjectDiff {
  return { id: o.id, kind: o.kind, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), status, changes };
}

type JsonMap = { [key: string]: JsonValue };
const isMap = (v: JsonValue | undefined): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Appends the changes between two values at `path` to `out`. */
export function diffValues(a: JsonValue | undefined, b: JsonValue | undefined, path: string, out: FieldChange[]): void {
  if (a === b) return;
  if (a === undefined) {
    out.push({ path, type: 'added', after: b });
    return;
  }
  if (b === undefined) {
    out.push({ path, type: 'removed', before: a });
    return;
  }
  if (isMap(a) && isMap(b)) {
    for (const k of Object.keys(a))
      diffValues(a[k], Object.prototype.hasOwnProperty.call(b, k) ? b[k] : undefined, joinKey(path, k), out);
    for (const k of Object.keys(b))
      if (!Object.prototype.hasOwnProperty.call(a, k)) diffValues(undefined, b[k], joinKey(path, k), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    diffArrays(a, b, path, out);
    return;
  }
  out.push({ path, type: 'changed', before: a, after: b });
}

function diffArrays(a: JsonValue[], b: JsonValue[], path: string, out: FieldChange[]): void {
  const key = matchKey(a, b);
  if (key) {
    const old = new Map(a.map((item) => [(item as JsonMap)[key] as string, item]));
    const seen = new Set<string>();
    for (const item of b) {
      const k = (item as JsonMap)[key] as string;
      seen.add(k);
      diffValues(old.get(k), item, `${path}[${key}=${k}]`, out);
    }
    for (const item of a) {
      const k = (item as JsonMap)[key] as string;
      if (!seen.has(k)) diffValues(item, undefined, `${path}[${key}=${k}]`, out);
    }
    return;
  }
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++)
    diffValues(i < a.length ? a[i] : undefined, i < b.length ? b[i] : undefined, `${path}[${i}]`, out);
}

/** `name` when every item on both sides is a map with a unique string name; else positional. */
function matchKey(a: JsonValue[], b: JsonValue[]): string | undefined {
  for (const key of ['name', 'containerPort', 'mountPath']) {
    if (uniqueBy(a, key) && uniqueBy(b, key) && (a.length > 0 || b.length > 0)) return key;
  }
  return undefined;
}

function uniqueBy(items: JsonValue[], key: string): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    if (!isMap(item)) return false;
    const v = item[key];
    if (typeof v !== 'string' && typeof v !== 'number') return false;
    const s = String(v);
    if (seen.has(s)) return false;
    seen.add(s);
  }
  return true;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `a.b`, or `a["app.kubernetes.io/name"]` for keys a dot would make ambiguous. */
function joinKey(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Short display text of a value: scalars as YAML shows them, collections in flow style, capped. */
export function formatValue(v: JsonValue | undefined, max = 120): string {
  const text = flow(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function flow(v: JsonValue | undefined): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (typeof v === 'string')
    return v === '' ||
      /^[\s]|[\s]$|^(true|false|null|~|yes|no|on|off|[-+]?[\d.]+(e[-+]?\d+)?)$/i.test(v) ||
      /[:#{}[\],]/.test(v)
      ? JSON.stringify(v)
      : v;
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${k}: ${flow(x)}`)
    .join(', ')}}`;
}
