/**
 * Splits a multi-document YAML text at `---` / `...` markers so each document can be parsed and
 * checked on its own — and re-used from cache when an edit touched another document.
 * A marker is only recognised at column 0, where YAML itself requires it.
 */
export interface TextChunk {
  text: string;
  startOffset: number;
  startLine: number;
}

const MARKER = /^(---|\.\.\.)(?=[ \t\r\n]|$)/;

export function splitDocuments(text: string): TextChunk[] {
  const chunks: TextChunk[] = [];
  let chunkStart = 0;
  let chunkLine = 0;
  let line = 0;
  let seenContent = false;
  for (let pos = 0; pos <= text.length;) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl + 1;
    const lineText = text.slice(pos, end);
    if (MARKER.test(lineText)) {
      // `---` starts a new document unless nothing but comments/directives came before it;
      // `...` ends one, and what follows belongs to the next.
      const isStart = lineText.startsWith('---');
      if (isStart ? seenContent : true) {
        const cut = isStart ? pos : end;
        if (cut > chunkStart)
          chunks.push({ text: text.slice(chunkStart, cut), startOffset: chunkStart, startLine: chunkLine });
        chunkStart = cut;
        chunkLine = isStart ? line : line + 1;
        seenContent = isStart;
      } else {
        seenContent = true;
      }
    } else if (!/^\s*(#.*)?\r?\n?$/.test(lineText) && !lineText.startsWith('%')) {
      seenContent = true;
    }
    if (nl === -1) break;
    pos = end;
    line++;
  }
  if (chunkStart < text.length || chunks.length === 0) {
    chunks.push({ text: text.slice(chunkStart), startOffset: chunkStart, startLine: chunkLine });
  }
  return chunks;
}
