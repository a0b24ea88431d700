/**
 * `kyverno test`'s `patchedResource` check: the object a policy's mutations produced must equal
 * the expected one from the named file (found by kind, name and, when given, namespace), after
 * both are tidied — nulls, empty maps and empty lists dropped — as the Kyverno CLI compares them.
 */
import { readYamlDocuments } from '../loader/yaml-documents';
import { isMap } from '../pattern/pattern';
import type { Resource } from '../types';
import { deepEqual } from '../util/deep-equal';

type Json = unknown;

export function tidy(v: Json): Json {
  if (Array.isArray(v)) {
    const out = v.map(tidy).filter((x) => x !== undefined);
    return out.length ? out : undefined;
  }
  if (isMap(v)) {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) {
      const t = tidy(x);
      if (t !== undefined) out[k] = t;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === null ? undefined : v;
}

/** First differing path, for the row's reason. */
function firstDifference(a: Json, b: Json, path = ''): string {
  if (isMap(a) && isMap(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
      if (!deepEqual(a[k], b[k])) return firstDifference(a[k], b[k], path ? `${path}.${k}` : k);
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return firstDifference(a[i], b[i], `${path}[${i}]`);
  }
  return path || '(root)';
}

export interface PatchedCheck {
  ok: boolean;
  reason: string;
}

export function comparePatched(actual: Resource, expectedText: string, expectedFile: string): PatchedCheck {
  const { documents, errors } = readYamlDocuments(expectedText, expectedFile);
  if (errors.length) return { ok: false, reason: `cannot read patched resource file: ${errors[0].message}` };
  const ns = actual.metadata?.namespace;
  const expected = documents
    .map((d) => d.value as Resource)
    .find(
      (d) =>
        d?.kind === actual.kind &&
        d?.metadata?.name === actual.metadata?.name &&
        (!d.metadata?.namespace || !ns || d.metadata.namespace === ns),
    );
  if (!expected)
    return { ok: false, reason: `no ${actual.kind}/${actual.metadata?.name} in the patched resource file` };
  // The namespace admission fills in is compared only when both sides carry one.
  const seen =
    expected.metadata?.namespace && ns
      ? actual
      : { ...actual, metadata: { ...(actual.metadata ?? {}), namespace: expected.metadata?.namespace } };
  const a = tidy(seen);
  const e = tidy(expected);
  if (deepEqual(a, e)) return { ok: true, reason: 'Ok' };
  return {
    ok: false,
    reason: `Patched resource didn't match the patched resource in the test result (first difference at ${firstDifference(a, e)})`,
  };
}
