import { isMap, isScalar, isSeq, Scalar, stringify, type Node } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import type { YamlChunk, YamlPath } from './yaml-chunk';

/**
 * Minimal text edits on a YAML chunk that keep the user's formatting and comments: replace a value,
 * add a key (creating missing parent maps), remove an entry, append to a sequence. Each returns
 * undefined when the document's shape does not allow a safe edit (then no quick-fix is offered).
 */

/** YAML text of a scalar, quoted only when needed. */
export function scalarText(value: unknown): string {
  return stringify(new Scalar(value), { lineWidth: 0 }).trimEnd();
}

function blockText(value: unknown, indent: number): string {
  const text = stringify(value, { indent: 2, lineWidth: 0, flowCollectionPadding: false }).trimEnd();
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

function flowText(value: Record<string, unknown>): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0, flowCollectionPadding: false })
    .trim()
    .replace(/^\{|\}$/g, '');
}

function nest(path: YamlPath, leaf: Record<string, unknown>): Record<string, unknown> {
  let out = leaf;
  for (let i = path.length - 1; i >= 0; i--) out = { [String(path[i])]: out };
  return out;
}

export function replaceValue(chunk: YamlChunk, path: YamlPath, newValue: unknown): TextEdit | undefined {
  const loc = chunk.locate(path);
  const node = loc?.value;
  if (!node?.range) return undefined;
  if (isScalar(node) || newValue === null || typeof newValue !== 'object') {
    return { range: chunk.lines.range(node.range[0], node.range[1]), newText: scalarText(newValue) };
  }
  return undefined;
}

/** Column of the first key of a block map (its indentation). */
function mapIndent(chunk: YamlChunk, map: Node): number {
  const first = isMap(map) ? (map.items[0]?.key as Node | undefined) : undefined;
  return first?.range ? chunk.lines.position(first.range[0]).character : 0;
}

/** Offset where a new line can be inserted after a node's last content line. */
function lineAfter(chunk: YamlChunk, end: number): { offset: number; prefix: string } {
  let e = end;
  while (e > 0 && /\s/.test(chunk.text[e - 1])) e--;
  const line = chunk.lines.position(Math.max(0, e - 1)).line;
  if (line + 1 >= chunk.lines.lineCount)
    return { offset: chunk.text.length, prefix: chunk.text.endsWith('\n') ? '' : '\n' };
  return { offset: chunk.lines.lineStart(line + 1), prefix: '' };
}

/** Sets `key: value` in the map at `mapPath`, creating the missing maps on the way. */
export function setKey(chunk: YamlChunk, mapPath: YamlPath, key: string, value: unknown): TextEdit | undefined {
  const existing = chunk.locate([...mapPath, key]);
  if (existing?.value && (isScalar(existing.value) || value === null || typeof value !== 'object')) {
    return replaceValue(chunk, [...mapPath, key], value);
  }
  if (existing) return undefined;
  for (let n = mapPath.length; n >= 0; n--) {
    const loc = chunk.locate(mapPath.slice(0, n));
    if (!loc) continue;
    const content = nest(mapPath.slice(n), { [key]: value });
    const node = loc.value;
    if (isMap(node) && node.range) {
      if (node.flow) {
        const close = chunk.text.lastIndexOf('}', node.range[1]);
        if (close < 0) return undefined;
        const sep = node.items.length ? ', ' : '';
        return { range: chunk.lines.range(close, close), newText: sep + flowText(content) };
      }
      const indent = node.items.length ? mapIndent(chunk, node) : 0;
      const at = lineAfter(chunk, node.range[1]);
      return { range: chunk.lines.range(at.offset, at.offset), newText: at.prefix + blockText(content, indent) + '\n' };
    }
    const emptyValue = !node || (isScalar(node) && (node.value === null || node.value === ''));
    if (emptyValue && loc.key?.range) {
      // `security:` with nothing after it: write the block under the key.
      const keyPos = chunk.lines.position(loc.key.range[0]);
      const eol = chunk.lines.lineEnd(keyPos.line);
      const start = node?.range ? Math.min(node.range[0], eol) : eol;
      return { range: chunk.lines.range(start, eol), newText: '\n' + blockText(content, keyPos.character + 2) };
    }
    if (n === 0 && !node)
      return { range: chunk.lines.range(chunk.text.length, chunk.text.length), newText: blockText(content, 0) + '\n' };
    return undefined;
  }
  return undefined;
}

/** Removes a block-map entry with its lines; removes the parent entry too when it would be left empty. */
export function removeEntry(chunk: YamlChunk, path: YamlPath): TextEdit | undefined {
  const loc = chunk.locate(path);
  if (!loc?.pair || !loc.key?.range || !isMap(loc.parent) || loc.parent.flow) return undefined;
  if (loc.parent.items.length === 1 && path.length > 1 && typeof path[path.length - 2] === 'string')
    return removeEntry(chunk, path.slice(0, -1));
  const startLine = chunk.lines.position(loc.key.range[0]).line;
  const endNode = (loc.value ?? loc.key) as Node;
  const after = lineAfter(chunk, endNode.range![1]);
  return { range: chunk.lines.range(chunk.lines.lineStart(startLine), after.offset), newText: '' };
}

/** Appends an item to a block sequence at `path`, or creates the sequence. */
export function appendItem(chunk: YamlChunk, path: YamlPath, item: unknown): TextEdit | undefined {
  const loc = chunk.locate(path);
  const seq = loc?.value;
  if (!loc) return setKey(chunk, path.slice(0, -1), String(path[path.length - 1]), [item]);
  if (!isSeq(seq) || !seq.range || seq.flow || seq.items.length === 0) return undefined;
  const first = seq.items[0] as Node;
  const dashCol = chunk.lines.position(chunk.text.lastIndexOf('-', first.range![0])).character;
  const at = lineAfter(chunk, seq.range[1]);
  const text = blockText([item], dashCol);
  return { range: chunk.lines.range(at.offset, at.offset), newText: at.prefix + text + '\n' };
}
