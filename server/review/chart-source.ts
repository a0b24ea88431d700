import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { environmentOfValuesFile } from '../core/environments';
import path from 'node:path';
import { parse } from 'yaml';
import { readRecord } from '../compiler/output/generated-record';
import type { AnyIntent } from '../model/effective-intent';
import type { TemplateFile } from './source-map';

export interface ChartDependency {
  name: string;
  version?: string;
  repository?: string;
  condition?: string;
  alias?: string;
}

/** A chart on disk as the review reads it: one read, shared by rendering, mapping and quick-fixes. */
export interface ChartSource {
  dir: string;
  name: string;
  /** Chart.yaml `version`, when it has one. */
  version?: string;
  dependencies: ChartDependency[];
  templates: TemplateFile[];
  /** `values.yaml` and every `values-<env>.yaml`, by chart-relative path. */
  values: Map<string, string>;
  /** Environments from `values-<env>.yaml`, in name order. */
  environments: string[];
  /** The intent this chart was generated from (absolute path), when the record names one that exists. */
  intentFile?: string;
  intentText?: string;
  /** Every file's content, for the cache key. */
  fingerprint: string;
}

const TEMPLATE_FILE = /\.(ya?ml|tpl|txt)$/;
/** Size caps checked before anything is parsed: a 20 MB Chart.yaml must not cost gigabytes. */
export const MAX_CHART_YAML_BYTES = 1024 * 1024;
export const MAX_CHART_FILE_BYTES = 5 * 1024 * 1024;

/** A chart file over its size cap: reported at the file, nothing parsed. */
export class ChartFileTooLargeError extends Error {
  constructor(
    readonly file: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(
      `${path.basename(file)} is ${(size / 1048576).toFixed(1)} MB; the limit is ${limit / 1048576} MB, so the chart was not reviewed`,
    );
    this.name = 'ChartFileTooLargeError';
  }
}

/** readFileSync after a size check. */
function readCapped(file: string, limit = MAX_CHART_FILE_BYTES): string {
  const size = statSync(file).size;
  if (size > limit) throw new ChartFileTooLargeError(file, size, limit);
  return readFileSync(file, 'utf8');
}

/** Walks up from a file to the chart that contains it (the nearest Chart.yaml). */
export function findChartDir(file: string): string | undefined {
  let cur = path.resolve(file);
  try {
    if (!statSync(cur).isDirectory()) cur = path.dirname(cur);
  } catch {
    cur = path.dirname(cur);
  }
  for (;;) {
    if (existsSync(path.join(cur, 'Chart.yaml')))
      return path.basename(path.dirname(cur)) === 'charts' &&
        existsSync(path.join(path.dirname(path.dirname(cur)), 'Chart.yaml'))
        ? path.dirname(path.dirname(cur))
        : cur;
    const parent = path.dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}

function walk(dir: string, rel: string, out: TemplateFile[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    const r = `${rel}/${e.name}`;
    if (e.isDirectory()) walk(full, r, out);
    else if (e.isFile() && TEMPLATE_FILE.test(e.name)) out.push({ path: r, text: readCapped(full) });
  }
}

export function readChartSource(dir: string): ChartSource {
  const chartYamlText = readCapped(path.join(dir, 'Chart.yaml'), MAX_CHART_YAML_BYTES);
  let chart: { name?: string; version?: unknown; dependencies?: ChartDependency[] } = {};
  try {
    chart = (parse(chartYamlText) as typeof chart) ?? {};
  } catch {
    /* helm lint reports the broken Chart.yaml */
  }
  const templates: TemplateFile[] = [];
  walk(path.join(dir, 'templates'), 'templates', templates);
  const values = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    if (name === 'values.yaml' || environmentOfValuesFile(name)) values.set(name, readCapped(path.join(dir, name)));
  }
  const environments = [...values.keys()].map(environmentOfValuesFile).filter((e): e is string => !!e);
  let intentFile: string | undefined;
  let intentText: string | undefined;
  try {
    const record = readRecord(dir);
    if (record.intent) {
      const candidate = path.resolve(dir, record.intent);
      // The record is a file in the chart: it may name only an intent-like YAML file, read within the size cap.
      if (/\.ya?ml$/.test(candidate) && existsSync(candidate)) {
        intentText = readCapped(candidate);
        intentFile = candidate;
      }
    }
  } catch {
    /* a broken record only loses the intent mapping */
  }
  const fingerprint = JSON.stringify([
    chartYamlText,
    templates.map((t) => [t.path, t.text]),
    [...values],
    intentText ?? '',
    dependencyState(dir, chart.dependencies ?? []),
  ]);
  const version =
    typeof chart.version === 'string' || typeof chart.version === 'number' ? String(chart.version) : undefined;
  return {
    dir,
    name: chart.name ?? path.basename(dir),
    ...(version ? { version } : {}),
    dependencies: Array.isArray(chart.dependencies) ? chart.dependencies : [],
    templates,
    values,
    environments,
    intentFile,
    intentText,
    fingerprint,
  };
}

/** Which dependencies are present in charts/ (a changed download changes the review). */
function dependencyState(dir: string, deps: ChartDependency[]): string[] {
  const chartsDir = path.join(dir, 'charts');
  let present: string[] = [];
  try {
    present = readdirSync(chartsDir).sort();
  } catch {
    present = [];
  }
  return [...deps.map((d) => d.name), '|', ...present];
}

export function intentOf(source: ChartSource): AnyIntent | undefined {
  if (!source.intentText) return undefined;
  try {
    const v = parse(source.intentText) as AnyIntent;
    return v && typeof v === 'object' && 'kind' in v ? v : undefined;
  } catch {
    return undefined;
  }
}
