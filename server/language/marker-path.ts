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
export function markerContext(
  chunk: YamlChunk,
  start: number,
  end: number,
  replacement: string,
): MarkerContext | undefined {
  if (chunk.lines.lineCount > REDUCE_ABOVE_LINES) {
    const reduced = probe(outlineAround(chunk, start, end, replacement));
    if (reduced) return reduced;
  }
  return probe(chunk.text.slice(0, start) + replacement + chunk.text.slice(end));
}

/** Above this many lines the probe parses an outline of the cursor's surroundings, not the whole document. */
const REDUCE_ABOVE_LINES = 2000;
/** Same-level keys kept around the cursor in the outline (enough for any schema-defined map). */
const MAX_SIBLINGS = 1000;

function probe(text: string): MarkerContext | undefined {
  const parsed = new YamlChunk(text);
  for (const doc of parsed.docs) {
    const found = search(doc.contents as Node | null, []);
    if (found) return found;
  }
  return undefined;
}

function indentOf(line: string): number | undefined {
  const m = /^( *)(\S)/.exec(line);
  if (!m || m[2] === '#' || (m[1] === '' && (line.startsWith('%') || line.startsWith('---') || line.startsWith('...'))))
    return undefined;
  return m[1].length;
}

/**
 * The lines that decide where the cursor sits in a block-style document: each less-indented line
 * above it (its parents) and the lines at its own indentation in the same block (its siblings),
 * with the marker written at the cursor. Parsing this is cheap however large the document; when it
 * does not parse into a context (flow style, odd layout) the caller falls back to the full text.
 */
function outlineAround(chunk: YamlChunk, start: number, end: number, replacement: string): string {
  const { lines } = chunk;
  const cursorLine = lines.position(start).line;
  const own =
    lines.text.slice(lines.lineStart(cursorLine), start) +
    replacement +
    lines.text.slice(end, lines.lineEnd(cursorLine));
  const level = indentOf(own) ?? 0;
  const above: string[] = [];
  let parent = level;
  let siblings = 0;
  for (let l = cursorLine - 1; l >= 0; l--) {
    if (parent === 0 && (level > 0 || siblings >= MAX_SIBLINGS)) break;
    const text = lines.lineText(l);
    const indent = indentOf(text);
    if (indent === undefined) continue;
    if (indent < parent) {
      above.push(text);
      parent = indent;
    } else if (indent === level && parent === level && siblings++ < MAX_SIBLINGS) above.push(text);
  }
  const below: string[] = [];
  for (let l = cursorLine + 1; l < lines.lineCount && siblings < MAX_SIBLINGS * 2; l++) {
    const text = lines.lineText(l);
    const indent = indentOf(text);
    if (indent === undefined) continue;
    if (indent < level) break;
    if (indent === level) {
      below.push(text);
      siblings++;
    }
  }
  return [...above.reverse(), own, ...below].join('\n') + '\n';
}

function search(node: Node | null | undefined, path: YamlPath): MarkerContext | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === MARKER)
        return {
          path,
          siblings: node.items
            .map((p) => (isScalar(p.key) ? String(p.key.value) : ''))
            .filter((k) => k && k !== MARKER),
        };
      if (isScalar(pair.value) && pair.value.value === MARKER && key !== undefined)
        return { path: [...path, key], siblings: [] };
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
