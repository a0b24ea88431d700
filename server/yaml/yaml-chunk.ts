import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import { LineIndex } from './line-index';
import { addDuplicateKeyErrors } from './duplicate-keys';
import { PlainValueError, plainValue } from './plain-value';

export type PathSegment = string | number;
export type YamlPath = PathSegment[];

/** Where a path lives in the text: the key (for map entries) and the value. */
export interface Located {
  key?: Node;
  value?: Node | null;
  pair?: Pair<Node, Node | null>;
  parent?: Node;
}

export interface PlainResult {
  value: unknown;
  error?: string;
  /** Chunk offsets of the node the error is about (e.g. a recursive alias). */
  errorRange?: [number, number];
}

/** Deep or hostile YAML must not overflow the stack of the server. */
const MAX_DEPTH = 200;

/**
 * One YAML document (usually) parsed with positions. Coordinates are local to the chunk's text;
 * `YamlFile` shifts them to the file. Immutable, so it can be cached by text.
 */
export class YamlChunk {
  readonly lines: LineIndex;
  readonly docs: Document.Parsed[];
  /** Set when the parser itself gave up (e.g. stack overflow on absurd nesting). */
  readonly fatalError?: string;
  private jsCache = new Map<Document.Parsed, PlainResult>();

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
    let docs: Document.Parsed[] = [];
    try {
      // uniqueKeys off: the parser's duplicate check is quadratic; addDuplicateKeyErrors is not.
      const parsed = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: true });
      docs = Array.isArray(parsed) ? (parsed as Document.Parsed[]) : [];
      for (const d of docs) addDuplicateKeyErrors(d);
    } catch (e) {
      this.fatalError =
        e instanceof RangeError
          ? 'YAML too deeply nested to parse'
          : `YAML parser failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    this.docs = docs;
  }

  /** The main document of the chunk (the first one with content). */
  get doc(): Document.Parsed | undefined {
    return this.docs.find((d) => d.contents !== null) ?? this.docs[0];
  }

  /**
   * Plain JS value of a document; deep nesting, recursive aliases and alias bombs become an error
   * (located at the alias when there is one), not a crash or a circular value.
   */
  toJS(doc: Document.Parsed | undefined = this.doc): PlainResult {
    if (!doc) return { value: null };
    let cached = this.jsCache.get(doc);
    if (!cached) {
      try {
        const depth = nodeDepth(doc.contents as Node | null);
        cached =
          depth > MAX_DEPTH
            ? { value: null, error: `YAML nested deeper than ${MAX_DEPTH} levels` }
            : { value: plainValue(doc.contents as Node | null, MAX_DEPTH) };
      } catch (e) {
        const range = e instanceof PlainValueError ? e.range : undefined;
        cached = {
          value: null,
          error:
            e instanceof RangeError ? 'YAML too deeply nested to convert' : e instanceof Error ? e.message : String(e),
          errorRange: range,
        };
      }
      this.jsCache.set(doc, cached);
    }
    return cached;
  }

  range(node: { range?: [number, number, number] | null } | null | undefined): Range | undefined {
    if (!node?.range) return undefined;
    return this.lines.range(node.range[0], node.range[1]);
  }

  /** Finds the key and value nodes at a path (map keys or sequence indexes). */
  locate(path: YamlPath, doc: Document.Parsed | undefined = this.doc): Located | undefined {
    let node = doc?.contents as Node | null | undefined;
    let found: Located = { value: node ?? null };
    for (const seg of path) {
      if (isMap(node)) {
        const pair = pairByKey(node, String(seg));
        if (!pair) return undefined;
        found = { key: pair.key, value: pair.value, pair, parent: node };
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined;
        if (item === undefined) return undefined;
        found = { value: item, parent: node };
        node = item;
      } else {
        return undefined;
      }
    }
    return found;
  }

  /** The best range to underline for a path: the value when `preferValue`, else the key. */
  rangeAt(path: YamlPath, preferValue: boolean, doc?: Document.Parsed): Range | undefined {
    for (let n = path.length; n >= 0; n--) {
      const loc = this.locate(path.slice(0, n), doc);
      if (!loc) continue;
      const exact = n === path.length;
      const node = exact && preferValue && loc.value ? loc.value : (loc.key ?? loc.value);
      const r = this.range(node as Node);
      if (r) return r;
    }
    return undefined;
  }

  /** The innermost node at an offset, with its path and whether the offset is on a key. */
  pathAt(
    offset: number,
    doc: Document.Parsed | undefined = this.doc,
  ): { path: YamlPath; onKey: boolean; node?: Node } | undefined {
    let node = doc?.contents as Node | null | undefined;
    const path: YamlPath = [];
    if (!node) return undefined;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      if (isMap(node)) {
        const pair = node.items.find((p) => within(p.key as Node, offset) || within(p.value as Node, offset)) as
          Pair<Node, Node | null> | undefined;
        if (!pair || !isScalar(pair.key)) return { path, onKey: false, node };
        path.push(String(pair.key.value));
        if (within(pair.key, offset)) return { path, onKey: true, node: pair.key };
        node = pair.value;
      } else if (isSeq(node)) {
        const i = node.items.findIndex((item) => within(item as Node, offset));
        if (i < 0) return { path, onKey: false, node };
        path.push(i);
        node = node.items[i] as Node;
      } else {
        return { path, onKey: false, node: node ?? undefined };
      }
      if (!node) return { path, onKey: false };
    }
    return { path, onKey: false };
  }
}

/** Key → first pair of a map, built once per map: locating each of 100k keys must not scan them all. */
const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair<Node, Node | null>>>();

function pairByKey(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  if (map.items.length < 32)
    return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair<Node, Node | null> | undefined;
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items as Pair<Node, Node | null>[]) {
      if (!isScalar(p.key)) continue;
      const k = String(p.key.value);
      if (!index.has(k)) index.set(k, p);
    }
    keyIndexes.set(map, index);
  }
  return index.get(key);
}

function within(node: Node | null | undefined, offset: number): boolean {
  return !!node?.range && node.range[0] <= offset && offset <= node.range[1];
}

function nodeDepth(root: Node | null): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    if (d > max) max = d;
    if (d > MAX_DEPTH) return d;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          stack.push([item.key, d + 1]);
          stack.push([item.value, d + 1]);
        } else stack.push([item, d + 1]);
      }
    }
  }
  return max;
}
