import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `.helm-intent/generated.json` inside a chart: what Helm Intent last wrote, so a regeneration can
 * tell files the user edited (disk hash ≠ recorded hash) from files it may replace. The content of
 * each generated file is kept under `.helm-intent/base/` as the common ancestor for a later
 * three-way merge (base = last generated, ours = disk, theirs = new output). No timestamps: an
 * unchanged regeneration leaves the record byte-identical.
 */
export interface GeneratedRecord {
  version: 1;
  generator: 'helm-intent';
  /** The intent file, relative to the chart directory. */
  intent?: string;
  files: Record<string, { sha256: string }>;
}

export const RECORD_DIR = '.helm-intent';
export const RECORD_FILE = `${RECORD_DIR}/generated.json`;
export const BASE_DIR = `${RECORD_DIR}/base`;

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The record of a chart directory; missing → empty; unreadable → an error naming the file. */
export function readRecord(chartDir: string): GeneratedRecord {
  const file = path.join(chartDir, RECORD_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyRecord();
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `${file} is not valid JSON (${(e as Error).message}); delete it to treat every existing file as edited by you`,
    );
  }
  const files = (parsed as { files?: unknown })?.files;
  if (!files || typeof files !== 'object')
    throw new Error(`${file} has no "files" map; delete it to treat every existing file as edited by you`);
  const clean: GeneratedRecord['files'] = {};
  for (const [p, entry] of Object.entries(files as Record<string, unknown>)) {
    const hash = (entry as { sha256?: unknown })?.sha256;
    if (isSafeRelativePath(p) && typeof hash === 'string' && /^[a-f0-9]{64}$/.test(hash)) clean[p] = { sha256: hash };
  }
  return { version: 1, generator: 'helm-intent', intent: (parsed as { intent?: string }).intent, files: clean };
}

export function emptyRecord(): GeneratedRecord {
  return { version: 1, generator: 'helm-intent', files: {} };
}

export function serializeRecord(record: GeneratedRecord): string {
  const files = Object.fromEntries(
    Object.keys(record.files)
      .sort()
      .map((k) => [k, record.files[k]]),
  );
  return (
    JSON.stringify(
      { version: 1, generator: 'helm-intent', ...(record.intent ? { intent: record.intent } : {}), files },
      null,
      2,
    ) + '\n'
  );
}

/** A chart-relative path that cannot escape the chart (record files come from disk). */
export function isSafeRelativePath(p: string): boolean {
  return (
    p.length > 0 &&
    !path.isAbsolute(p) &&
    !p.split(/[\\/]/).some((s) => s === '..' || s === '') &&
    !p.startsWith(RECORD_DIR + '/')
  );
}
