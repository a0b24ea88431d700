/**
 * Wildcard keys in `metadata.labels` / `metadata.annotations` patterns (`app.kubernetes.io/*: "?*"`)
 * are first replaced by the matching key the resource actually has, keeping any anchor.
 */
import { anchorString, parseAnchor } from '../anchor/anchor';
import { containsWildcard, wildcardMatch } from './wildcard';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function entryFor(tag: string, map: Obj): [string, unknown] | undefined {
  for (const [k, v] of Object.entries(map)) {
    if (k === tag || parseAnchor(k)?.key === tag) return [k, v];
  }
  return undefined;
}

const metadataEntries = new WeakMap<Obj, [string, unknown] | null>();

/** Returns the pattern with expanded keys; the input pattern is never modified. */
export function expandInMetadata(pattern: Obj, resource: Obj): Obj {
  let meta = metadataEntries.get(pattern);
  if (meta === undefined) metadataEntries.set(pattern, (meta = entryFor('metadata', pattern) ?? null));
  if (!meta || !isObj(meta[1]) || !isObj(resource.metadata)) return pattern;
  let metadata: Obj | undefined;
  for (const tag of ['labels', 'annotations']) {
    const patternTag = entryFor(tag, meta[1]);
    const resourceTag = resource.metadata[tag];
    if (!patternTag || !isObj(patternTag[1]) || !isObj(resourceTag)) continue;
    const expanded = expandKeys(patternTag[1], Object.keys(resourceTag));
    if (expanded !== patternTag[1]) {
      metadata ??= { ...meta[1] };
      metadata[patternTag[0]] = expanded;
    }
  }
  return metadata ? { ...pattern, [meta[0]]: metadata } : pattern;
}

const hasWildcardKeys = new WeakMap<Obj, boolean>();

function expandKeys(pattern: Obj, resourceKeys: string[]): Obj {
  let wild = hasWildcardKeys.get(pattern);
  if (wild === undefined) hasWildcardKeys.set(pattern, (wild = Object.keys(pattern).some(containsWildcard)));
  if (!wild) return pattern;
  const sortedKeys = [...resourceKeys].sort();
  const out: Obj = {};
  for (const [k, v] of Object.entries(pattern)) {
    if (!containsWildcard(k)) {
      out[k] = v;
      continue;
    }
    const a = parseAnchor(k);
    const bare = a ? a.key : k;
    const match = sortedKeys.find((rk) => wildcardMatch(bare, rk)) ?? bare;
    out[a ? anchorString(a.type, match) : match] = v;
  }
  return out;
}
