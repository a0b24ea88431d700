import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { runBaseline } from '../policy/baseline/pack';
import { evaluatePolicies } from '../policy/engine/engine';
import type { AnyPolicy, Resource } from '../policy/types';
import type { PolicyContext } from '../review/policy-source';
import { mkdirConfined, writeConfined } from '../tools/confined-fs';
import { writeDependencyStandIns, type DeclaredDependency } from '../tools/dependency-stand-ins';
import { helmLint, helmTemplate, type HelmRunOptions } from '../tools/helm';
import type { ChartFile, ChartValidator, Problem, ValidationEnvironment, ValidationOutcome } from './types';

export interface HelmValidatorOptions {
  /** helm binary; else the one rule of tools/helm-location.ts. */
  helmPath?: string;
  /** `--kube-version` for helm template, e.g. the platform config's `1.34`. */
  kubeVersion?: string;
  releaseName?: string;
  /** Per helm run. Default 60 s. */
  timeoutMs?: number;
  /** helm processes at a time. Default 2. */
  concurrency?: number;
  /** The workspace's own policies: an AI chart passes them like any chart under review. */
  policies?: AnyPolicy[];
  /** Their PolicyExceptions and bindings, applied as the review applies them. */
  policyContext?: PolicyContext;
  allowedRegistries?: string[];
}

/**
 * `helm lint --strict` and `helm template` for values.yaml alone and for each environment's values
 * file and namespace, on a copy of the candidate in a temp folder. Dependencies that are not in
 * charts/ (nothing can be downloaded here) are replaced by empty stub charts, and a note says so.
 */
export function helmChartValidator(options: HelmValidatorOptions = {}): ChartValidator {
  return {
    async validate(
      files: ChartFile[],
      environments: ValidationEnvironment[],
      signal?: AbortSignal,
    ): Promise<ValidationOutcome> {
      const temp = await mkdtemp(path.join(tmpdir(), 'helm-intent-ai-'));
      try {
        const chartName = chartNameOf(files);
        const chartDir = path.join(temp, chartName);
        writeChart(temp, chartName, files);
        const notes: string[] = [];
        const { stubbed, refused } = writeDependencyStandIns(chartDir, declaredDependencies(files));
        const problems: Problem[] = refused.map((message) => ({ source: 'chart', file: 'Chart.yaml', message }));
        if (stubbed.length)
          notes.push(
            `Dependencies ${stubbed.join(', ')} are not in charts/; they were validated as empty stubs (their own templates were not checked).`,
          );
        const present = new Set(files.map((f) => f.path));
        const runnable = environments.filter((env) => {
          if (!env.valuesFile || present.has(env.valuesFile)) return true;
          problems.push({
            source: 'chart',
            file: env.valuesFile,
            environments: [env.name],
            message: `${env.valuesFile} is missing: environment ${env.name} has no values file.`,
          });
          return false;
        });
        const run: HelmRunOptions = { helmPath: options.helmPath, isolate: true, timeoutMs: options.timeoutMs, signal };
        const tasks = runnable.flatMap((env) => [
          () => lintProblems(chartDir, chartName, env, run),
          () => templateProblems(chartDir, chartName, env, run, options),
        ]);
        for (const found of await limit(tasks, options.concurrency ?? 2)) problems.push(...found);
        return { problems: dropEchoes(mergeByEnvironment(problems)).map((p) => scrubPaths(p, temp)), notes };
      } finally {
        await rm(temp, { recursive: true, force: true });
      }
    },
  };
}

async function lintProblems(
  chartDir: string,
  chartName: string,
  env: ValidationEnvironment,
  run: HelmRunOptions,
): Promise<Problem[]> {
  const valuesFiles = env.valuesFile ? [path.join(chartDir, env.valuesFile)] : [];
  const lint = await helmLint(chartDir, { strict: true, valuesFiles, namespace: env.namespace }, run);
  if (lint.ok) return [];
  const found = lint.messages
    .filter((m) => m.severity !== 'INFO')
    .map((m) => {
      const message = cleanHelmText(m.message);
      return {
        source: 'helm lint',
        file: fileOf(message, chartName) ?? (m.path && !m.path.endsWith('/') ? m.path : undefined),
        environments: [env.name],
        message,
      };
    });
  return found.length
    ? found
    : [
        {
          source: 'helm lint',
          environments: [env.name],
          message: cleanHelmText(lint.error ?? 'helm lint --strict failed'),
        },
      ];
}

async function templateProblems(
  chartDir: string,
  chartName: string,
  env: ValidationEnvironment,
  run: HelmRunOptions,
  options: HelmValidatorOptions,
): Promise<Problem[]> {
  const rendered = await helmTemplate(
    chartDir,
    {
      releaseName: options.releaseName ?? chartName,
      namespace: env.namespace,
      valuesFiles: env.valuesFile ? [path.join(chartDir, env.valuesFile)] : [],
      kubeVersion: options.kubeVersion,
    },
    run,
  );
  if (!rendered.ok) {
    const message = cleanHelmText(rendered.error ?? 'helm template failed');
    return [{ source: 'helm template', file: fileOf(message, chartName), environments: [env.name], message }];
  }
  const fileOfSource = (source: string) => source.replace(new RegExp(`^${escapeRegExp(chartName)}/`), '');
  const invalid = rendered.manifests
    .filter((m) => m.parseError)
    .map((m) => ({
      source: 'helm template',
      file: fileOfSource(m.source),
      environments: [env.name],
      message: `renders invalid YAML: ${m.parseError}`,
    }));
  return [...invalid, ...reviewProblems(rendered.manifests, env, options, fileOfSource)];
}

/**
 * The review any chart gets, on the rendered objects: the baseline's high-severity rules and the
 * workspace's policies. A model answer that fails them is not "validated cleanly".
 */
function reviewProblems(
  manifests: Array<{ source: string; object: Record<string, unknown> | null }>,
  env: ValidationEnvironment,
  options: HelmValidatorOptions,
  fileOf: (s: string) => string,
): Problem[] {
  const resources = manifests.map((m) => (m.object ?? {}) as Resource);
  const namespace = env.namespace ?? 'default';
  const baseline = runBaseline(resources, {
    namespace,
    kubernetesVersion: options.kubeVersion,
    allowedRegistries: options.allowedRegistries,
  }).results.filter((r) => r.result === 'fail' && r.severity === 'high');
  const policies = options.policies?.length
    ? evaluatePolicies(options.policies, resources, {
        namespace,
        rollouts: true,
        exceptions: options.policyContext?.exceptions,
        bindings: options.policyContext?.bindings,
      }).filter((r) => r.result === 'fail')
    : [];
  return [...baseline, ...policies].map((r) => {
    const m = r.resourceIndex === undefined ? undefined : manifests[r.resourceIndex];
    return {
      source: 'policy',
      file: m ? fileOf(m.source) : undefined,
      environments: [env.name],
      message: `${r.ruleId ?? r.policy}/${r.rule}: ${r.message}`,
    };
  });
}

/** The chart's name from Chart.yaml (helm names files after it), else `chart`. */
function chartNameOf(files: ChartFile[]): string {
  try {
    const name = (parse(files.find((f) => f.path === 'Chart.yaml')?.content ?? '') as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) return name;
  } catch {
    /* helm lint reports the broken Chart.yaml */
  }
  return 'chart';
}

/** The candidate's files under temp/<chartName>, each through the confinement rule. */
function writeChart(temp: string, chartName: string, files: ChartFile[]): void {
  mkdirConfined(temp, chartName);
  for (const file of files) writeConfined(temp, path.join(chartName, file.path), file.content);
}

function declaredDependencies(files: ChartFile[]): DeclaredDependency[] {
  try {
    const deps = (parse(files.find((f) => f.path === 'Chart.yaml')?.content ?? '') as { dependencies?: unknown } | null)
      ?.dependencies;
    return Array.isArray(deps) ? deps.filter((d) => d && typeof d === 'object') : [];
  } catch {
    return []; // helm lint reports the broken Chart.yaml
  }
}

/** The same problem in several environments becomes one problem naming all of them. */
function mergeByEnvironment(problems: Problem[]): Problem[] {
  const merged = new Map<string, Problem>();
  for (const p of problems) {
    const key = `${p.source}\u0000${p.file ?? ''}\u0000${p.message}`;
    const seen = merged.get(key);
    if (seen) seen.environments = [...new Set([...(seen.environments ?? []), ...(p.environments ?? [])])];
    else merged.set(key, { ...p, environments: [...(p.environments ?? [])] });
  }
  return [...merged.values()];
}

/**
 * A template error fails both lint and template: keep lint's report and drop template's when it
 * names the same file in the same environments, so the model sees each fault once.
 */
function dropEchoes(problems: Problem[]): Problem[] {
  const linted = problems.filter((p) => p.source === 'helm lint' && p.file);
  return problems.filter(
    (p) =>
      !(
        p.source === 'helm template' &&
        p.file &&
        linted.some((l) => l.file === p.file && (p.environments ?? []).every((e) => l.environments?.includes(e)))
      ),
  );
}

/** Temp-folder paths out of messages: the model and the user see chart-relative paths. */
function scrubPaths(p: Problem, temp: string): Problem {
  return {
    ...p,
    message: p.message
      .split(temp + path.sep)
      .join('')
      .split(temp)
      .join('.'),
  };
}

/** helm's trailing boilerplate removed, whitespace tidied. */
function cleanHelmText(text: string): string {
  return text
    .replace(/Use --debug flag to render out invalid YAML/g, '')
    .replace(/Error: \d+ chart\(s\) linted, \d+ chart\(s\) failed/g, '')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** `my-service/templates/x.yaml:4:18` in a helm message → `templates/x.yaml`. */
function fileOf(message: string, chartName: string): string | undefined {
  const m = new RegExp(`(?:^|[\\s"(])${escapeRegExp(chartName)}/((?:templates|charts)/[^\\s:"]+)`).exec(message);
  return m?.[1];
}

/** Runs the tasks, at most `n` at a time, results in task order. */
async function limit<T>(tasks: Array<() => Promise<T>>, n: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, tasks.length)) }, worker));
  return results;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
