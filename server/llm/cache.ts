import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AnyIntent } from '../model/effective-intent';
import type { PlatformConfig } from '../model/platform-config';
import { writeConfined } from '../tools/confined-fs';
import { PROMPT_VERSION } from './prompt';
import type { LlmSettings } from './settings';
import type { ChartFile } from './types';

/** Bump when the cache entry's shape changes. */
const CACHE_FORMAT = 1;
/** A cached chart is at most 2 MB of files; JSON escaping adds a little. */
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;

export interface CacheKeyInput {
  intent: AnyIntent;
  config: PlatformConfig;
  settings: LlmSettings;
  instruction?: string;
  /** The chart the model edits (skeleton or current chart): a compiler change invalidates too. */
  base: ChartFile[];
  intentText?: string;
}

/**
 * sha256 of everything the answer depends on: intent, platform config (not where it was loaded
 * from), model, endpoint, temperature, prompt version, instruction and the base chart.
 */
export function cacheKey(input: CacheKeyInput): string {
  const { source: _source, ...config } = input.config;
  const material = {
    format: CACHE_FORMAT,
    promptVersion: PROMPT_VERSION,
    model: input.settings.model,
    baseURL: input.settings.baseURL,
    temperature: input.settings.temperature,
    intent: input.intent,
    intentText: input.intentText ?? null,
    config,
    instruction: input.instruction?.trim() || null,
    base: input.base.map((f) => [f.path, sha256(f.content)]),
  };
  return sha256(canonicalJson(material));
}

export interface CachedChart {
  files: ChartFile[];
  changedPaths: string[];
}

interface CacheEntry extends CachedChart {
  format: number;
  key: string;
  model: string;
  promptVersion: string;
  createdAt: string;
}

/** A cached chart for `key`, or undefined (absent, unreadable or from another format: a miss). */
export async function readCache(dir: string, key: string): Promise<CachedChart | undefined> {
  try {
    // A cache file is workspace content: size-capped before it is parsed.
    if ((await stat(entryPath(dir, key))).size > MAX_ENTRY_BYTES) return undefined;
    const entry = JSON.parse(await readFile(entryPath(dir, key), 'utf8')) as CacheEntry;
    if (entry.format !== CACHE_FORMAT || entry.key !== key || !Array.isArray(entry.files)) return undefined;
    const files = entry.files.filter((f) => typeof f?.path === 'string' && typeof f?.content === 'string');
    if (files.length !== entry.files.length) return undefined;
    return {
      files,
      changedPaths: Array.isArray(entry.changedPaths) ? entry.changedPaths.filter((p) => typeof p === 'string') : [],
    };
  } catch {
    return undefined;
  }
}

/** Stores a validated chart (write to a temp file, then rename: readers never see half a file). */
export async function writeCache(dir: string, key: string, chart: CachedChart, meta: { model: string }): Promise<void> {
  if (!/^[a-f0-9]{64}$/.test(key)) throw new Error('not a cache key');
  const entry: CacheEntry = {
    format: CACHE_FORMAT,
    key,
    model: meta.model,
    promptVersion: PROMPT_VERSION,
    createdAt: new Date().toISOString(),
    ...chart,
  };
  // Inside the cache folder only (no symlinked entry pointing elsewhere), through a temp file and a rename.
  writeConfined(dir, `${key}.json`, JSON.stringify(entry, null, 1) + '\n');
}

function entryPath(dir: string, key: string): string {
  return path.join(dir, `${key}.json`);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so equal values always hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
