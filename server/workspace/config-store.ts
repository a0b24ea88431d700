import path from 'node:path';
import { defaultPlatformConfig, type PlatformConfig } from '../model/platform-config';
import {
  findPlatformConfig,
  loadPlatformConfigFile,
  platformConfigFromText,
  type LoadedPlatformConfig,
} from './platform-config-loader';

/**
 * The platform config that applies to each file: the nearest `.helm-intent.yaml` above it (live text
 * when it is open in the editor), else the built-in defaults. Cached per folder; invalidated on change.
 */
export class ConfigStore {
  private readonly byFile = new Map<string, LoadedPlatformConfig>();
  private readonly lookup = new Map<string, string | undefined>();
  private readonly defaults = defaultPlatformConfig();
  private generation = 0;

  /** Bumps when any config changes, so cached diagnostics know to recompute. */
  get version(): number {
    return this.generation;
  }

  configFor(filePath: string | undefined): PlatformConfig {
    if (!filePath) return this.defaults;
    const dir = path.dirname(filePath);
    let configFile = this.lookup.get(dir);
    if (!this.lookup.has(dir)) {
      configFile = findPlatformConfig(dir);
      this.lookup.set(dir, configFile);
    }
    if (!configFile) return this.defaults;
    let loaded = this.byFile.get(configFile);
    if (!loaded) {
      try {
        loaded = loadPlatformConfigFile(configFile);
      } catch {
        loaded = { config: this.defaults, findings: [], applied: false };
      }
      this.byFile.set(configFile, loaded);
    }
    return loaded.config;
  }

  /** The editor's live text of a config file wins over the disk. */
  setText(configFile: string, text: string): LoadedPlatformConfig {
    const loaded = platformConfigFromText(text, configFile);
    this.byFile.set(configFile, loaded);
    this.lookup.clear();
    this.generation++;
    return loaded;
  }

  /** A config file was created, changed or deleted on disk. */
  invalidate(configFile?: string): void {
    if (configFile) this.byFile.delete(configFile);
    else this.byFile.clear();
    this.lookup.clear();
    this.generation++;
  }
}
