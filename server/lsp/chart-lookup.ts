import { existsSync } from 'node:fs';
import path from 'node:path';
import { chartDirFor } from '../generate/chart-location';
import { findChartDir } from '../review/chart-source';
import type { ConfigStore } from '../workspace/config-store';

/**
 * The chart a file belongs to: its folder's Chart.yaml, or the generated chart of an intent. Cheap on
 * purpose (it runs on every open and save, before the review engine is even loaded): the intent's
 * name locates its chart; nothing is checked or compiled.
 */
export function chartForFile(
  file: string,
  text: string | undefined,
  configs: ConfigStore,
  workspaceFolders: string[],
): string | undefined {
  const direct = findChartDir(file);
  if (direct) return direct;
  if (text === undefined) return undefined;
  const name =
    /^metadata:[ \t]*(?:#.*)?\r?\n(?:[ \t]+.*\r?\n)*?[ \t]+name:[ \t]*["']?([a-z0-9]([-a-z0-9]*[a-z0-9])?)["']?[ \t]*(?:#.*)?$/m.exec(
      text,
    )?.[1];
  if (!name) return undefined;
  const dir = chartDirFor(file, name, configs.configFor(file), workspaceFolders);
  return existsSync(path.join(dir, 'Chart.yaml')) ? dir : undefined;
}
