import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../compiler/output/apply-plan';
import {
  BASE_DIR,
  isSafeRelativePath,
  readRecord,
  RECORD_FILE,
  serializeRecord,
  sha256,
} from '../compiler/output/generated-record';
import type { RecordChartParams, RecordChartResult } from '../protocol/generate-protocol';

/**
 * After the editor applied a previewed chart edit: records the files that now hold exactly the
 * generated content (and their base copies for later three-way merges). Files the user unticked in
 * the preview keep their previous record entry, so they still count as "edited by you".
 */
export function recordAcceptedFiles(params: RecordChartParams, intentPath: string | undefined): RecordChartResult {
  const record = readRecord(params.chartDir);
  const skipped: string[] = [];
  let recorded = 0;
  for (const f of params.files) {
    if (!isSafeRelativePath(f.path)) continue;
    const target = path.join(params.chartDir, f.path);
    let disk: string | undefined;
    try {
      disk = readFileSync(target, 'utf8');
    } catch {
      disk = undefined;
    }
    if (f.content === undefined) {
      if (disk === undefined) delete record.files[f.path];
      continue;
    }
    if (disk !== (f.written ?? f.content)) {
      skipped.push(f.path);
      continue;
    }
    writeFileAtomic(params.chartDir, path.join(BASE_DIR, f.path), f.content);
    record.files[f.path] = { sha256: sha256(f.content) };
    recorded++;
  }
  if (intentPath) record.intent = intentPath;
  writeFileAtomic(params.chartDir, RECORD_FILE, serializeRecord(record));
  return { recorded, skipped };
}
