/**
 * Variable values from a Kyverno CLI values file (`kind: Values`): global values, per policy
 * rule and per resource, and namespace labels for `namespaceSelector`.
 */
export interface PolicyValues {
  globalValues?: Record<string, unknown>;
  policies?: Array<{
    name: string;
    rules?: Array<{ name: string; values?: Record<string, unknown>; foreachValues?: Record<string, unknown[]> }>;
    resources?: Array<{ name: string; values?: Record<string, unknown> }>;
  }>;
  namespaceSelector?: Array<{ name: string; labels?: Record<string, string> }>;
  /** Subresource kinds (e.g. `Scale`) and the parent resource policies name for them (`Deployment/scale`). */
  subresources?: Array<{
    subresource?: { name?: string; kind?: string; group?: string; version?: string };
    parentResource?: { name?: string; kind?: string; group?: string; version?: string };
  }>;
}

/**
 * Values in effect for one policy, rule and resource, in the Kyverno CLI's order: global values,
 * then the resource's, then the rule's (matched by exact rule name: `autogen-…` rules have none).
 */
const NONE: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

export function valuesFor(
  values: PolicyValues | undefined,
  policy: string,
  rule: string,
  resourceName: string,
): Record<string, unknown> {
  if (!values) return NONE;
  const out: Record<string, unknown> = { ...(values.globalValues ?? {}) };
  for (const p of values.policies ?? []) {
    if (p.name !== policy) continue;
    for (const r of p.resources ?? []) if (r.name === resourceName) Object.assign(out, r.values ?? {});
    for (const r of p.rules ?? []) if (r.name === rule) Object.assign(out, r.values ?? {});
  }
  return out;
}

/** A rule's `foreachValues`: per variable, one value per foreach element index. */
export function foreachValuesFor(
  values: PolicyValues | undefined,
  policy: string,
  rule: string,
): Record<string, unknown[]> | undefined {
  for (const p of values?.policies ?? []) {
    if (p.name !== policy) continue;
    for (const r of p.rules ?? [])
      if (r.name === rule && r.foreachValues && typeof r.foreachValues === 'object') return r.foreachValues;
  }
  return undefined;
}

/** Whether a value (or a sub-field of it) was supplied for `name`. */
export function provides(values: Record<string, unknown>, name: string): boolean {
  return Object.keys(values).some((k) => k === name || k.startsWith(`${name}.`));
}

export function namespaceLabelsFrom(values: PolicyValues | undefined): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const ns of values?.namespaceSelector ?? []) out[ns.name] = ns.labels ?? {};
  return out;
}
