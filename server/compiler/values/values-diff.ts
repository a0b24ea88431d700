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
