import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkChunk } from '../check/check-chunk';
import { severityName, type Finding } from '../check/finding';
import { defaultPlatformConfig, resolvePlatformConfig, type PlatformConfig } from '../model/platform-config';
import type { PlatformConfigFile } from '../model/schema-types.generated';
import { parseFile } from '../yaml/yaml-file';
import { PLATFORM_CONFIG_FILE } from './file-role';

export interface LoadedPlatformConfig {
  config: PlatformConfig;
  /** Problems of the config file itself (empty when absent or clean). */
  findings: Finding[];
  /** False when the file had errors and the built-in defaults are used instead. */
  applied: boolean;
}

/** Parses `.helm-intent.yaml` text; an invalid file falls back to the defaults (and says so). */
export function platformConfigFromText(text: string, source: string): LoadedPlatformConfig {
  const defaults = defaultPlatformConfig();
  const chunks = parseFile(text);
  const main = chunks.find((c) => c.chunk.doc?.contents != null) ?? chunks[0];
  const findings = main ? checkChunk(main.chunk, 'platform-config', defaults) : [];
  const hasErrors = findings.some((f) => severityName(f.severity) === 'error');
  const value = main?.chunk.toJS().value;
  if (hasErrors || (value !== null && value !== undefined && typeof value !== 'object')) {
    return { config: { ...defaults, source: `built-in defaults (${source} has errors)` }, findings, applied: false };
  }
  return { config: resolvePlatformConfig((value ?? {}) as PlatformConfigFile, source), findings, applied: true };
}

/** Finds `.helm-intent.yaml` in `dir` or its parents (up to the filesystem root). */
export function findPlatformConfig(dir: string): string | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    const candidate = path.join(cur, PLATFORM_CONFIG_FILE);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* not here */
    }
    const parent = path.dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}

export function loadPlatformConfigFile(file: string | undefined): LoadedPlatformConfig {
  if (!file) return { config: defaultPlatformConfig(), findings: [], applied: true };
  return platformConfigFromText(readFileSync(file, 'utf8'), file);
}
