/**
 * The one owner of "where are the workspace's policies": the platform config's `policiesDir`,
 * relative to the config file that names it (the built-in config has no folder). The CLI's
 * `--policies` flag replaces it, relative to the working directory.
 */
import path from 'node:path';
import type { PlatformConfig } from '../model/platform-config';

export function policiesFolder(
  config: Pick<PlatformConfig, 'source' | 'policiesDir'>,
  flag?: { dir: string; cwd: string },
): string | undefined {
  if (flag) return path.resolve(flag.cwd, flag.dir);
  return /\.ya?ml$/.test(config.source) ? path.resolve(path.dirname(config.source), config.policiesDir) : undefined;
}
