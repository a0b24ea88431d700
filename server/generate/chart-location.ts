import path from 'node:path';
import type { PlatformConfig } from '../model/platform-config';
import { confinedPath } from '../tools/confined-fs';
import { findPlatformConfig } from '../workspace/platform-config-loader';

/**
 * Where an intent's chart goes: `<root>/<chartOutputDir>/<name>`, where root is the folder of the
 * nearest `.helm-intent.yaml`, else the workspace folder holding the intent, else the intent's folder.
 * A ConfinementError when that leaves root (`chartOutputDir: ../x`, an absolute path, a symlink out).
 */
export function chartDirFor(
  intentFile: string,
  chartName: string,
  config: PlatformConfig,
  workspaceFolders: string[],
): string {
  const configFile = findPlatformConfig(path.dirname(intentFile));
  const folder = workspaceFolders
    .filter((f) => intentFile === f || intentFile.startsWith(f.endsWith(path.sep) ? f : f + path.sep))
    .sort((a, b) => b.length - a.length)[0];
  const root = configFile ? path.dirname(configFile) : (folder ?? path.dirname(intentFile));
  // chartOutputDir and the intent's name come from workspace files: the chart stays under root.
  return confinedPath(root, path.join(config.chartOutputDir, chartName));
}
