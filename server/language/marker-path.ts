import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { YamlChunk, type YamlPath } from '../yaml/yaml-chunk';

export const MARKER = '__helm_intent_cursor__';

export interface MarkerContext {
  /** Path of the marker: for a key, the path of the map it would be in plus itself; for a value, the key's path. */
  path: YamlPath;
  /** Keys already present beside the marker (for key completion). */
  siblings: string[];
}

/**
 * Finds where the cursor sits in the YAML structure by writing a marker at the cursor and parsing
 * the chunk again — robust for half-typed lines, flow maps and sequences, where the unmodified
 * text may not parse into the structure the user is building.
 */
export function markerContext(chunkText: string, start: number, end: number, replacement: string): MarkerContext | undefined {
  const probe = new YamlChunk(chunkText.slice(0, start) + replacement + chunkText.slice(end));
  for (const doc of probe.docs) {
    const found = search(doc.contents as Node | null, []);
    if (found) return found;
  }
  return undefined;
}

function search(node: Node | null | undefined, path: YamlPath): MarkerContext | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === MARKER) return { path, siblings: node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter((k) => k && k !== MARKER) };
      if (isScalar(pair.value) && pair.value.value === MARKER && key !== undefined) return { path: [...path, key], siblings: [] };
      const inner = search(pair.value as Node, key === undefined ? path : [...path, key]);
      if (inner) return inner;
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i] as Node;
      if (isScalar(item) && item.value === MARKER) return { path: [...path, i], siblings: [] };
      if (isPair(item)) continue;
      const inner = search(item, [...path, i]);
      if (inner) return inner;
    }
  }
  return undefined;
}
