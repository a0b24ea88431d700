import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const REFERENCE_INTENT_PATH = path.join(ROOT, 'examples/reference/intent/my-service.yaml');
export const REFERENCE_INTENT = readFileSync(REFERENCE_INTENT_PATH, 'utf8');

/** Replaces exactly one occurrence (fails loudly when the fixture drifted). */
export function replaceOnce(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0 || text.indexOf(from, i + 1) >= 0) throw new Error(`fixture: '${from}' must occur exactly once`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

/** 0-based line and column of the first occurrence of `needle` (optionally after `after`). */
export function locate(text: string, needle: string, after = ''): { line: number; character: number } {
  const base = after ? text.indexOf(after) : 0;
  const i = text.indexOf(needle, base);
  if (i < 0) throw new Error(`fixture: '${needle}' not found`);
  const before = text.slice(0, i);
  const line = before.split('\n').length - 1;
  return { line, character: i - (before.lastIndexOf('\n') + 1) };
}
