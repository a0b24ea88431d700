import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diffLines } from 'diff';
import type { ChartFile } from '../types';
import { mergeGenerated } from '../../generate/three-way-merge';
import { confinedPath, ConfinementError } from '../../tools/confined-fs';
import { BASE_DIR, readRecord, sha256, type GeneratedRecord } from './generated-record';

export type FileAction =
  | 'create' // not on disk
  | 'update' // on disk as we last generated it: replaced
  | 'unchanged'
  | 'overwrite' // edited by the user (or not ours), replaced because of --force
  | 'merge' // edited by the user, and the new version merges cleanly into the edit (three-way)
  | 'conflict' // edited by the user, and the new version conflicts with the edit: left alone, conflict shown
  | 'keep-edited' // edited by the user, no base copy to merge with: left alone
  | 'keep-foreign' // exists, differs, and we never generated it: left alone
  | 'delete' // we generated it before, the chart no longer has it, the user did not edit it
  | 'keep-removed'; // no longer generated, but edited by the user: left alone

export interface PlannedFile {
  path: string;
  action: FileAction;
  added: number;
  removed: number;
  /** New generated content (absent for deletions and removed files). */
  content?: string;
  /** What goes on disk when it differs from `content`: the merged file for `merge`. */
  merged?: string;
  /** For `conflict`: the file with git-style conflict markers, to show (never written over the user's file). */
  conflictText?: string;
}

export interface WritePlan {
  chartDir: string;
  files: PlannedFile[];
  record: GeneratedRecord;
}

/**
 * Compares the generated files with what is on disk and with the record of the last generation.
 * Pure reading: nothing is written here.
 */
export function planChartWrite(chartDir: string, generated: ChartFile[], options: { force?: boolean } = {}): WritePlan {
  const record = readRecord(chartDir);
  const files: PlannedFile[] = [];
  const generatedPaths = new Set(generated.map((f) => f.path));
  for (const file of generated) {
    // A generated path that leaves the chart (an environment named `../x`, a symlinked folder) refuses the whole write.
    const disk = readIfExists(confinedPath(chartDir, file.path));
    const recorded = record.files[file.path]?.sha256;
    let action: FileAction;
    if (disk === undefined) action = 'create';
    else if (disk === file.content) action = 'unchanged';
    else if (recorded && sha256(disk) === recorded) action = 'update';
    else action = options.force ? 'overwrite' : recorded ? 'keep-edited' : 'keep-foreign';
    if (action === 'keep-edited') {
      const base = readIfExists(confinedPath(chartDir, path.join(BASE_DIR, file.path)));
      const merged = base === undefined ? undefined : mergeGenerated(base, disk!, file.content);
      if (merged?.clean) {
        const { added, removed } = lineStats(disk!, merged.content);
        files.push({
          path: file.path,
          action: merged.content === disk ? 'keep-edited' : 'merge',
          added,
          removed,
          content: file.content,
          merged: merged.content,
        });
        continue;
      }
      if (merged && !merged.clean) {
        files.push({
          path: file.path,
          action: 'conflict',
          added: 0,
          removed: 0,
          content: file.content,
          conflictText: merged.marked,
        });
        continue;
      }
    }
    const { added, removed } = lineStats(disk ?? '', file.content);
    files.push({ path: file.path, action, added, removed, content: file.content });
  }
  for (const [p, entry] of Object.entries(record.files)) {
    if (generatedPaths.has(p)) continue;
    let disk: string | undefined;
    try {
      disk = readIfExists(confinedPath(chartDir, p));
    } catch (e) {
      if (e instanceof ConfinementError) continue; // a recorded file behind a symlink out of the chart is never ours to delete
      throw e;
    }
    if (disk === undefined) continue;
    // Deleting needs the recorded hash to match, even with --force: an edited file is the user's.
    const edited = sha256(disk) !== entry.sha256;
    files.push({ path: p, action: edited ? 'keep-removed' : 'delete', added: 0, removed: lineCount(disk) });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { chartDir, files, record };
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
}

function lineStats(before: string, after: string): { added: number; removed: number } {
  if (before === after) return { added: 0, removed: 0 };
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) added += part.count ?? 0;
    else if (part.removed) removed += part.count ?? 0;
  }
  return { added, removed };
}

function lineCount(s: string): number {
  return s === '' ? 0 : s.split('\n').length - (s.endsWith('\n') ? 1 : 0);
}
