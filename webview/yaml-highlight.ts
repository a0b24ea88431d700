/**
 * A small line-based YAML tokenizer for highlighting rendered manifests (block-style YAML as helm
 * prints it). It returns tokens, never HTML: the view puts each token's text into a span with
 * textContent, so whatever the manifest holds is shown as text.
 */

export type TokenClass = 'key' | 'string' | 'number' | 'bool' | 'comment' | 'punct' | 'anchor' | 'block' | 'text';

export interface Token {
  text: string;
  cls: TokenClass;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\-?:,[\]{}][^#]*?|-[^\s#][^#]*?)(\s*)(:)(?=\s|$)/;
const NUMBER = /^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/;
const BOOL = /^(true|false|null|~|True|False|Null|TRUE|FALSE|NULL)$/;
const BLOCK = /^[|>][-+0-9]*$/;

export function highlightYaml(text: string): Token[][] {
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const out: Token[][] = [];
  let blockIndent = -1; // > -1 while inside a block scalar: its parent's indentation
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0) {
      if (line.trim() === '' || indent > blockIndent) {
        out.push(line ? [{ text: line, cls: 'string' }] : []);
        continue;
      }
      blockIndent = -1;
    }
    const tokens: Token[] = [];
    const result = tokenizeLine(line, tokens);
    if (result.blockScalarAt >= 0) blockIndent = result.blockScalarAt;
    out.push(tokens);
  }
  return out;
}

function tokenizeLine(line: string, tokens: Token[]): { blockScalarAt: number } {
  let pos = 0;
  const push = (text: string, cls: TokenClass) => {
    if (!text) return;
    const last = tokens[tokens.length - 1];
    if (last && last.cls === cls) last.text += text;
    else tokens.push({ text, cls });
  };
  const ws = /^\s*/.exec(line)![0];
  push(ws, 'text');
  pos = ws.length;
  let rest = line.slice(pos);
  if (rest.startsWith('#')) {
    push(rest, 'comment');
    return { blockScalarAt: -1 };
  }
  if (/^(---|\.\.\.)(\s|$)/.test(rest)) {
    push(rest.slice(0, 3), 'punct');
    pushValue(rest.slice(3), push);
    return { blockScalarAt: -1 };
  }
  // Sequence indicators, possibly nested on one line (`- - a`).
  let m: RegExpExecArray | null;
  while ((m = /^-(\s+|$)/.exec(rest))) {
    push('-', 'punct');
    push(m[1], 'text');
    pos += m[0].length;
    rest = rest.slice(m[0].length);
  }
  const key = KEY.exec(rest);
  if (key) {
    push(key[1], 'key');
    push(key[2], 'text');
    push(':', 'punct');
    const keyColumn = pos;
    const value = rest.slice(key[0].length);
    if (pushValue(value, push)) return { blockScalarAt: keyColumn };
    return { blockScalarAt: -1 };
  }
  return { blockScalarAt: pushValue(rest, push) ? Math.max(0, pos - 1) : -1 };
}

/** Pushes a value (with a trailing comment); true when it opens a block scalar (`|`, `>-`). */
function pushValue(value: string, push: (text: string, cls: TokenClass) => void): boolean {
  const lead = /^\s*/.exec(value)![0];
  push(lead, 'text');
  let body = value.slice(lead.length);
  let comment = '';
  const hash = commentStart(body);
  if (hash >= 0) {
    comment = body.slice(hash);
    body = body.slice(0, hash);
  }
  const trimmed = body.trimEnd();
  const trailing = body.slice(trimmed.length);
  let opensBlock = false;
  // Anchors, aliases and tags before the value.
  let rest = trimmed;
  let prefix: RegExpExecArray | null;
  while ((prefix = /^([&*!][^\s]*)(\s*)/.exec(rest)) && rest) {
    push(prefix[1], 'anchor');
    push(prefix[2], 'text');
    rest = rest.slice(prefix[0].length);
  }
  if (rest) {
    if (BLOCK.test(rest)) {
      push(rest, 'block');
      opensBlock = true;
    } else push(rest, classify(rest));
  }
  push(trailing, 'text');
  push(comment, 'comment');
  return opensBlock;
}

function classify(scalar: string): TokenClass {
  if (NUMBER.test(scalar)) return 'number';
  if (BOOL.test(scalar)) return 'bool';
  return 'string';
}

/** Index of a `#` that starts a comment (after whitespace, outside quotes), or -1. */
function commentStart(s: string): number {
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,]/.test(s[i - 1]))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) return i;
  }
  return -1;
}
