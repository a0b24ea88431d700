import { mkdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BASE_DIR, RECORD_FILE, serializeRecord, sha256, type GeneratedRecord } from './generated-record';
import type { WritePlan } from './write-plan';

/** Writes `content` to `file` through a temp file and a rename: readers never see half a file. */
export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temp, content);
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

/**
 * Carries out a plan: writes created/updated/overwritten files, deletes files the chart dropped,
 * then records what was generated. Files the user edited keep their previous record entry and
 * base copy, so a later three-way merge still knows which generated version they started from.
 */
export function applyChartWrite(plan: WritePlan, options: { intentPath?: string } = {}): GeneratedRecord {
  const record: GeneratedRecord = { version: 1, generator: 'helm-intent', intent: options.intentPath ?? plan.record.intent, files: {} };
  const base = (p: string) => path.join(plan.chartDir, BASE_DIR, p);
  for (const f of plan.files) {
    const target = path.join(plan.chartDir, f.path);
    switch (f.action) {
      case 'create':
      case 'update':
      case 'overwrite':
      case 'unchanged':
        if (f.action !== 'unchanged') writeFileAtomic(target, f.content!);
        writeFileAtomic(base(f.path), f.content!);
        record.files[f.path] = { sha256: sha256(f.content!) };
        break;
      case 'merge':
        // The disk gets the merged file; the record and base keep the generated version, so the
        // next regeneration merges against it again.
        writeFileAtomic(target, f.merged!);
        writeFileAtomic(base(f.path), f.content!);
        record.files[f.path] = { sha256: sha256(f.content!) };
        break;
      case 'keep-edited':
      case 'conflict':
      case 'keep-removed':
        if (plan.record.files[f.path]) record.files[f.path] = plan.record.files[f.path];
        break;
      case 'delete':
        unlinkIfExists(target);
        unlinkIfExists(base(f.path));
        break;
      case 'keep-foreign':
        break;
    }
  }
  writeFileAtomic(path.join(plan.chartDir, RECORD_FILE), serializeRecord(record));
  return record;
}

function unlinkIfExists(file: string): void {
  try {
    unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
