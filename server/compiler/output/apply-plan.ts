import path from 'node:path';
import { deleteConfined, writeConfined } from '../../tools/confined-fs';
import { BASE_DIR, RECORD_FILE, serializeRecord, sha256, type GeneratedRecord } from './generated-record';
import type { WritePlan } from './write-plan';

/** Writes `content` to chartDir/rel through a temp file and a rename, confined to chartDir (no `..`, no symlink out). */
export function writeFileAtomic(chartDir: string, rel: string, content: string): void {
  writeConfined(chartDir, rel, content);
}

/**
 * Carries out a plan: writes created/updated/overwritten files, deletes files the chart dropped,
 * then records what was generated. Files the user edited keep their previous record entry and
 * base copy, so a later three-way merge still knows which generated version they started from.
 */
export function applyChartWrite(plan: WritePlan, options: { intentPath?: string } = {}): GeneratedRecord {
  const record: GeneratedRecord = {
    version: 1,
    generator: 'helm-intent',
    intent: options.intentPath ?? plan.record.intent,
    files: {},
  };
  const dir = plan.chartDir;
  const base = (p: string) => path.join(BASE_DIR, p);
  for (const f of plan.files) {
    const target = f.path;
    switch (f.action) {
      case 'create':
      case 'update':
      case 'overwrite':
      case 'unchanged':
        if (f.action !== 'unchanged') writeFileAtomic(dir, target, f.content!);
        writeFileAtomic(dir, base(f.path), f.content!);
        record.files[f.path] = { sha256: sha256(f.content!) };
        break;
      case 'merge':
        // The disk gets the merged file; the record and base keep the generated version, so the
        // next regeneration merges against it again.
        writeFileAtomic(dir, target, f.merged!);
        writeFileAtomic(dir, base(f.path), f.content!);
        record.files[f.path] = { sha256: sha256(f.content!) };
        break;
      case 'keep-edited':
      case 'conflict':
      case 'keep-removed':
        if (plan.record.files[f.path]) record.files[f.path] = plan.record.files[f.path];
        break;
      case 'delete': {
        // Only a file we generated and nobody changed since (its recorded hash), inside the chart.
        const recorded = plan.record.files[f.path]?.sha256;
        const outcome = recorded ? deleteConfined(dir, target, { sha256: recorded }) : 'changed';
        if (outcome === 'changed') {
          if (plan.record.files[f.path]) record.files[f.path] = plan.record.files[f.path];
        } else deleteConfined(dir, base(f.path));
        break;
      }
      case 'keep-foreign':
        break;
    }
  }
  writeFileAtomic(dir, RECORD_FILE, serializeRecord(record));
  return record;
}
