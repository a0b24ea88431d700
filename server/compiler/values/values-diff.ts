import { isPlainObject } from '../../model/effective-intent';

/**
 * What `over` changes relative to `base`: a values overlay Helm merges onto values.yaml.
 * Maps recurse; lists and scalars that differ are taken whole (Helm replaces lists).
 */
export function valuesOverlay(base: unknown, over: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isPlainObject(base) || !isPlainObject(over)) return out;
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const before = base[key];
    if (isPlainObject(value) && isPlainObject(before)) {
      const nested = valuesOverlay(before, value);
      if (Object.keys(nested).length) out[key] = nested;
    } else if (JSON.stringify(value) !== JSON.stringify(before)) {
      out[key] = value;
    }
  }
  return out;
}

/** Sets `value` at a dotted `key` of `target`, creating maps on the way. */
export function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/** The value at a dotted `key`, or undefined. */
export function getPath(source: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((v, k) => (isPlainObject(v) ? v[k] : undefined), source);
}

/** Dotted paths of the leaves of a plain object (lists are leaves). */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return prefix ? [prefix] : [];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}
