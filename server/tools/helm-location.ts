/**
 * THE rule for which helm binary Helm Intent runs — the CLI, the language server and the editor
 * all resolve it here, first match wins:
 *   1. `--helm <path>` (CLI flag)
 *   2. $HELM_INTENT_HELM
 *   3. the `helmIntent.helmPath` editor setting (machine-scoped), unless it is the default `helm`
 *   4. `helm` on PATH
 *   5. `.tools/bin/helm` of this Helm Intent installation (what `node scripts/install-tools.mjs`
 *      and `npm run demo` extract) — never a workspace's: a workspace must not choose the program we run.
 * Nothing found: `helm`, so running it fails with HelmNotFoundError, which names every option.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';

export const HELM_PATH_ENV = 'HELM_INTENT_HELM';

export type HelmSource = 'flag' | 'env' | 'setting' | 'path' | 'installation' | 'none';

export interface HelmLocation {
  /** What to execute: an absolute path, or the bare `helm` (PATH lookup; `source: 'none'` when PATH has none). */
  path: string;
  source: HelmSource;
}

export interface HelmLocateOptions {
  /** The CLI's `--helm` value. */
  flag?: string;
  /** The `helmIntent.helmPath` setting. */
  setting?: string;
  env?: NodeJS.ProcessEnv;
  /** The Helm Intent installation whose `.tools/bin/helm` is the last resort (default: found from this module's folder). */
  installRoot?: string;
}

/** One line for `--help` and messages: the order above. */
export const HELM_RESOLUTION_HELP =
  'helm: --helm <path>, else $HELM_INTENT_HELM, else the helmIntent.helmPath setting, else helm on PATH, else .tools/bin/helm of this Helm Intent installation (node scripts/install-tools.mjs)';

export function locateHelm(options: HelmLocateOptions = {}): HelmLocation {
  const env = options.env ?? process.env;
  if (options.flag) return { path: options.flag, source: 'flag' };
  if (env[HELM_PATH_ENV]) return { path: env[HELM_PATH_ENV]!, source: 'env' };
  if (options.setting && options.setting !== 'helm') return { path: options.setting, source: 'setting' };
  if (onPath('helm', env)) return { path: 'helm', source: 'path' };
  const root = options.installRoot ?? installationRoot();
  const installed = root ? path.join(root, '.tools', 'bin', 'helm') : undefined;
  if (installed && isExecutable(installed)) return { path: installed, source: 'installation' };
  return { path: 'helm', source: 'none' };
}

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => dir && isExecutable(path.join(dir, name)));
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folder holding Helm Intent's package.json: dist/ (bundles) or server/tools/ (sources) are 1–2 levels below it. */
function installationRoot(): string | undefined {
  for (let dir = __dirname, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'schemas'))) return dir;
  }
  return undefined;
}
