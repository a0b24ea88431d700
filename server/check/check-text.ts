import type { PlatformConfig } from '../model/platform-config';
import type { ChunkCache } from '../yaml/yaml-file';
import { placeChunk } from '../yaml/yaml-file';
import { splitDocuments } from '../yaml/split-documents';
import type { YamlChunk } from '../yaml/yaml-chunk';
import { checkChunk, type FileRole } from './check-chunk';
import { finding, shiftFinding, type Finding } from './finding';

/** Files larger than this are refused with one diagnostic instead of freezing the editor. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Findings per chunk, cached by chunk and config: an edit re-checks only the document it touched.
 * WeakMap so findings die with their chunk when the chunk cache drops it.
 */
const findingsCache = new WeakMap<YamlChunk, { config: PlatformConfig; role: FileRole; findings: Finding[] }>();

export function checkText(text: string, role: FileRole, config: PlatformConfig, cache?: ChunkCache): Finding[] {
  return checkTextWithin(text, role, config, cache).findings;
}

/**
 * Like checkText, but stops between documents once `deadline` (a performance.now() time) has
 * passed: `checked` of `total` documents are in `findings`. Checked documents are cached, so
 * calling again with the same text continues where it stopped.
 */
export function checkTextWithin(
  text: string,
  role: FileRole,
  config: PlatformConfig,
  cache?: ChunkCache,
  deadline?: number,
): { findings: Finding[]; checked: number; total: number } {
  if (text.length > MAX_FILE_BYTES) {
    const f = finding(
      'file-too-large',
      'error',
      { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      `File is ${(text.length / 1048576).toFixed(1)} MB; intent files are checked up to ${MAX_FILE_BYTES / 1048576} MB. Split it into several files.`,
    );
    return { findings: [f], checked: 1, total: 1 };
  }
  if (text.includes('\u0000')) {
    return {
      findings: [
        finding(
          'binary-file',
          'error',
          { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          'This is not a text file (it contains NUL bytes).',
        ),
      ],
      checked: 1,
      total: 1,
    };
  }
  const out: Finding[] = [];
  const pieces = splitDocuments(text);
  let checked = 0;
  for (const piece of pieces) {
    if (checked > 0 && deadline !== undefined && performance.now() > deadline) break;
    const placed = placeChunk(piece, cache);
    checked++;
    let entry = findingsCache.get(placed.chunk);
    if (!entry || entry.config !== config || entry.role !== role) {
      entry = { config, role, findings: checkChunkSafely(placed.chunk, role, config) };
      findingsCache.set(placed.chunk, entry);
    }
    const local = [...entry.findings].sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
    for (const f of local) out.push(shiftFinding(f, placed.startLine));
  }
  return { findings: out, checked, total: pieces.length };
}

/** A check that throws becomes one located warning on its document: the editor still gets the rest. */
function checkChunkSafely(chunk: YamlChunk, role: FileRole, config: PlatformConfig): Finding[] {
  try {
    return checkChunk(chunk, role, config);
  } catch (e) {
    const reason =
      e instanceof RangeError ? 'the document is too large or too deeply nested' : ((e as Error)?.message ?? String(e));
    return [
      finding(
        'internal-error',
        'warning',
        chunk.lines.range(0, Math.min(chunk.lines.lineEnd(0), chunk.text.length)),
        `This document could not be checked: ${reason}.`,
      ),
    ];
  }
}
