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

/** Walks up from a file to the chart that contains it (the nearest Chart.yaml). */
export function findChartDir(file: string): string | undefined {
  let cur = path.resolve(file);
  try {
    if (!statSync(cur).isDirectory()) cur = path.dirname(cur);
  } catch {
    cur = path.dirname(cur);
  }
  for (;;) {
    if (existsSync(path.join(cur, 'Chart.yaml'))) return path.basename(path.dirname(cur)) === 'charts' && existsSync(path.join(path.dirname(path.dirname(cur)), 'Chart.yaml')) ? path.dirname(path.dirname(cur)) : cur;
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
    else if (e.isFile() && TEMPLATE_FILE.test(e.name)) out.push({ path: r, text: readFileSync(full, 'utf8') });
  }
}

export function readChartSource(dir: string): ChartSource {
  const chartYamlText = readFileSync(path.join(dir, 'Chart.yaml'), 'utf8');
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
    if (name === 'values.yaml' || environmentOfValuesFile(name)) values.set(name, readFileSync(path.join(dir, name), 'utf8'));
  }
  const environments = [...values.keys()].map(environmentOfValuesFile).filter((e): e is string => !!e);
  let intentFile: string | undefined;
  let intentText: string | undefined;
  try {
    const record = readRecord(dir);
    if (record.intent) {
      const candidate = path.resolve(dir, record.intent);
      if (existsSync(candidate)) {
        intentFile = candidate;
        intentText = readFileSync(candidate, 'utf8');
      }
    }
  } catch {
    /* a broken record only loses the intent mapping */
  }
  const fingerprint = JSON.stringify([chartYamlText, templates.map((t) => [t.path, t.text]), [...values], intentText ?? '', dependencyState(dir, chart.dependencies ?? [])]);
  const version = typeof chart.version === 'string' || typeof chart.version === 'number' ? String(chart.version) : undefined;
  return { dir, name: chart.name ?? path.basename(dir), ...(version ? { version } : {}), dependencies: Array.isArray(chart.dependencies) ? chart.dependencies : [], templates, values, environments, intentFile, intentText, fingerprint };
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
