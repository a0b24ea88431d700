import { diffLines } from 'diff';

export interface LineHunk {
  /** 0-based first line replaced, and how many lines (0 = pure insertion). */
  startLine: number;
  lineCount: number;
  newText: string;
}

/**
 * The changed line ranges between two texts, so an update edits only what changed: the refactor
 * preview shows real hunks, and undo restores exactly those lines.
 */
export function lineHunks(oldText: string, newText: string): LineHunk[] {
  const hunks: LineHunk[] = [];
  let line = 0;
  let current: LineHunk | undefined;
  for (const part of diffLines(oldText, newText)) {
    const count = part.count ?? 0;
    if (!part.added && !part.removed) {
      if (current) hunks.push(current);
      current = undefined;
      line += count;
      continue;
    }
    current ??= { startLine: line, lineCount: 0, newText: '' };
    if (part.removed) {
      current.lineCount += count;
      line += count;
    } else current.newText += part.value;
  }
  if (current) hunks.push(current);
  return hunks;
}

/** Applies hunks to a text (for tests and for checking the edits reproduce the new text). */
export function applyHunks(oldText: string, hunks: LineHunk[]): string {
  const lines = oldText.split(/(?<=\n)/);
  for (const h of [...hunks].sort((a, b) => b.startLine - a.startLine))
    lines.splice(h.startLine, h.lineCount, ...(h.newText ? [h.newText] : []));
  return lines.join('');
}
