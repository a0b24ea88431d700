import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { SymbolKind, type DocumentSymbol, type FoldingRange, type Range } from 'vscode-languageserver-types';
import type { PlacedChunk } from '../yaml/yaml-file';
import type { YamlChunk } from '../yaml/yaml-chunk';
import { expired, type Deadline } from './deadline';

const MAX_SYMBOLS = 20_000;

function shifted(chunk: YamlChunk, from: number, to: number, lines: number): Range {
  const r = chunk.lines.range(from, to);
  return {
    start: { line: r.start.line + lines, character: r.start.character },
    end: { line: r.end.line + lines, character: r.end.character },
  };
}

function symbolKind(node: Node | null): SymbolKind {
  if (isMap(node)) return SymbolKind.Module;
  if (isSeq(node)) return SymbolKind.Array;
  if (isScalar(node))
    return typeof node.value === 'number'
      ? SymbolKind.Number
      : typeof node.value === 'boolean'
        ? SymbolKind.Boolean
        : SymbolKind.String;
  return SymbolKind.Null;
}

/** Outline: one symbol per document (`DeploymentIntent my-service`), its keys nested below. */
export function documentSymbols(chunks: PlacedChunk[], deadline?: Deadline): DocumentSymbol[] {
  let budget = MAX_SYMBOLS;
  const children = (placed: PlacedChunk, node: Node | null, depth: number): DocumentSymbol[] => {
    if (depth > 50 || budget <= 0) return [];
    if (budget % 1000 === 0 && expired(deadline)) budget = 0; // out of time: answer with what we have
    const { chunk, startLine } = placed;
    const out: DocumentSymbol[] = [];
    if (isMap(node)) {
      for (const pair of node.items as Pair<Node, Node | null>[]) {
        if (!pair.key?.range || budget-- <= 0) continue;
        const end = pair.value?.range?.[1] ?? pair.key.range[1];
        const detail = isScalar(pair.value) ? String(pair.value.value ?? '') : undefined;
        out.push({
          name: isScalar(pair.key) ? String(pair.key.value) : '?',
          detail,
          kind: symbolKind(pair.value),
          range: shifted(chunk, pair.key.range[0], end, startLine),
          selectionRange: shifted(chunk, pair.key.range[0], pair.key.range[1], startLine),
          children: children(placed, pair.value, depth + 1),
        });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const n = item as Node;
        if (!n?.range || budget-- <= 0) return;
        const label =
          isMap(n) && n.items[0] && isScalar(n.items[0].key)
            ? `${String(n.items[0].key.value)}${isScalar(n.items[0].value) ? `: ${String(n.items[0].value.value)}` : ''}`
            : isScalar(n)
              ? String(n.value)
              : String(i);
        out.push({
          name: `[${i}] ${label}`,
          kind: symbolKind(n),
          range: shifted(chunk, n.range[0], n.range[1], startLine),
          selectionRange: shifted(chunk, n.range[0], n.range[0], startLine),
          children: children(placed, n, depth + 1),
        });
      });
    }
    return out;
  };
  const result: DocumentSymbol[] = [];
  for (const placed of chunks) {
    for (const doc of placed.chunk.docs) {
      const contents = doc.contents as Node | null;
      if (!contents?.range) continue;
      const js = isMap(contents)
        ? {
            kind: contents.get('kind'),
            name: (contents.get('metadata') as { get?: (k: string) => unknown } | undefined)?.get?.('name'),
          }
        : {};
      const title = [js.kind, js.name].filter((x) => typeof x === 'string').join(' ') || 'document';
      const range = shifted(placed.chunk, contents.range[0], contents.range[1], placed.startLine);
      result.push({
        name: title,
        kind: SymbolKind.Class,
        range,
        selectionRange: { start: range.start, end: range.start },
        children: children(placed, contents, 0),
      });
    }
  }
  return result;
}

/** Folding for every multi-line map or sequence entry. */
export function foldingRanges(chunks: PlacedChunk[], deadline?: Deadline): FoldingRange[] {
  const out: FoldingRange[] = [];
  let visits = 0;
  let stop = false;
  const visit = (placed: PlacedChunk, node: Node | null, startLine: number | undefined, depth: number) => {
    if (!node || depth > 100 || out.length > 20_000 || stop) return;
    if (++visits % 1000 === 0 && expired(deadline)) stop = true;
    const { chunk } = placed;
    if ((isMap(node) || isSeq(node)) && node.range) {
      let end = node.range[1];
      while (end > 0 && /\s/.test(chunk.text[end - 1])) end--;
      const endLine = chunk.lines.position(Math.max(end - 1, 0)).line;
      const start = startLine ?? chunk.lines.position(node.range[0]).line;
      if (endLine > start) out.push({ startLine: start + placed.startLine, endLine: endLine + placed.startLine });
      if (isMap(node)) {
        for (const pair of node.items as Pair<Node, Node | null>[])
          visit(
            placed,
            pair.value,
            pair.key?.range ? chunk.lines.position(pair.key.range[0]).line : undefined,
            depth + 1,
          );
      } else {
        for (const item of node.items) visit(placed, item as Node, undefined, depth + 1);
      }
    }
  };
  for (const placed of chunks)
    for (const doc of placed.chunk.docs) {
      const c = doc.contents as Node | null;
      if (isMap(c))
        for (const pair of c.items as Pair<Node, Node | null>[])
          visit(
            placed,
            pair.value,
            pair.key?.range ? placed.chunk.lines.position(pair.key.range[0]).line : undefined,
            0,
          );
    }
  return out;
}
