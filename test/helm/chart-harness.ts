// Compiles intents into temp chart directories and renders them with the real helm.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { compileChart, type ChartFile } from '../../server/compiler/index';
import type { AnyIntent } from '../../server/model/effective-intent';
import { defaultPlatformConfig, type PlatformConfig } from '../../server/model/platform-config';
import { helmLint, helmTemplate, type LintResult, type TemplateOptions } from '../../server/tools/helm';
import { helmPath, REPO_ROOT } from '../support/tools';

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: any;
} & Record<string, any>;

/** Every intent under examples/ (by its kind), so a new example is tested without editing tests. */
export function exampleIntentFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (
        /\.ya?ml$/.test(e.name) &&
        /^kind:\s*(DeploymentIntent|ServiceIntent)\s*$/m.test(readFileSync(full, 'utf8'))
      )
        out.push(full);
    }
  };
  walk(path.join(REPO_ROOT, 'examples'));
  return out;
}

export function readIntent(file: string): AnyIntent {
  return parse(readFileSync(file, 'utf8')) as AnyIntent;
}

export const fixture = (name: string) => path.join(__dirname, 'fixtures', name);

export function writeFiles(dir: string, files: ChartFile[]): void {
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    writeFileSync(path.join(dir, f.path), f.content);
  }
}

/** A minimal chart standing in for a remote dependency (Bitnami cannot be downloaded here). */
export function writeStubChart(dir: string, name: string, version: string): void {
  mkdirSync(path.join(dir, 'templates'), { recursive: true });
  writeFileSync(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: ${version}\n`);
  writeFileSync(path.join(dir, 'values.yaml'), '{}\n');
}

export interface CompiledChart {
  intent: AnyIntent;
  files: ChartFile[];
  dir: string;
  root: string;
  /** values-<env>.yaml names. */
  envs: string[];
  values: Record<string, any>;
  file(p: string): string;
  cleanup(): void;
}

/** Compiles into a temp dir named like the chart; remote dependencies get local stand-ins in charts/. */
export function compileToDir(
  intent: AnyIntent,
  options: { config?: PlatformConfig; stubDependencies?: boolean } = {},
): CompiledChart {
  const files = compileChart(intent, options.config ?? defaultPlatformConfig());
  const root = mkdtempSync(path.join(tmpdir(), 'helm-intent-chart-'));
  const dir = path.join(root, intent.metadata.name);
  writeFiles(dir, files);
  if (options.stubDependencies ?? true) {
    for (const d of (intent.spec as { dependencies?: Array<{ name: string; version: string; repository: string }> })
      .dependencies ?? []) {
      if (!d.repository.startsWith('file://')) writeStubChart(path.join(dir, 'charts', d.name), d.name, d.version);
    }
  }
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  return {
    intent,
    files,
    dir,
    root,
    envs: files.map((f) => /^values-(.+)\.yaml$/.exec(f.path)?.[1]).filter((e): e is string => !!e),
    values: parse(byPath.get('values.yaml')!) as Record<string, any>,
    file: (p) => {
      const c = byPath.get(p);
      if (c === undefined) throw new Error(`chart has no ${p}; it has ${[...byPath.keys()].join(', ')}`);
      return c;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

const helmOptions = () => ({ helmPath: helmPath(), isolate: true, timeoutMs: 60_000 });

/** `helm template` of the chart with optional values-<env>.yaml; fails the test with helm's message. */
export async function render(chart: CompiledChart, env?: string, template: TemplateOptions = {}): Promise<K8sObject[]> {
  const valuesFiles = [...(env ? [path.join(chart.dir, `values-${env}.yaml`)] : []), ...(template.valuesFiles ?? [])];
  const result = await helmTemplate(
    chart.dir,
    { releaseName: chart.intent.metadata.name, ...template, valuesFiles },
    helmOptions(),
  );
  if (!result.ok) throw new Error(`helm template ${env ? `-f values-${env}.yaml ` : ''}failed: ${result.error}`);
  for (const m of result.manifests) if (m.parseError) throw new Error(`${m.source}: ${m.parseError}`);
  return result.manifests.map((m) => m.object as K8sObject);
}

export async function renderRaw(chart: CompiledChart, template: TemplateOptions = {}) {
  return helmTemplate(chart.dir, { releaseName: chart.intent.metadata.name, ...template }, helmOptions());
}

export async function lint(chart: CompiledChart, env?: string): Promise<LintResult> {
  return helmLint(
    chart.dir,
    { strict: true, valuesFiles: env ? [path.join(chart.dir, `values-${env}.yaml`)] : [] },
    helmOptions(),
  );
}

export function only(objects: K8sObject[], kind: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind);
  if (found.length !== 1)
    throw new Error(`expected one ${kind}, found ${found.length} among ${objects.map((o) => o.kind).join(', ')}`);
  return found[0];
}

/** The names of every object of `kind`, sorted. */
export const namesOf = (objects: K8sObject[], kind: string): string[] =>
  objects
    .filter((o) => o.kind === kind)
    .map((o) => o.metadata.name)
    .sort();

/** The pod spec of whatever workload renders (Deployment, StatefulSet or Rollout). */
export function workload(objects: K8sObject[]): K8sObject {
  const found = objects.filter((o) => ['Deployment', 'StatefulSet', 'Rollout'].includes(o.kind));
  if (found.length !== 1)
    throw new Error(`expected one workload, found ${found.map((o) => o.kind).join(', ') || 'none'}`);
  return found[0];
}
