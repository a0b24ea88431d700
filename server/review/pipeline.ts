import { createHash } from 'node:crypto';
import path from 'node:path';
import { chartEnvironments, type PlannedEnvironment } from '../core/environments';
import type { PlatformConfig } from '../model/platform-config';
import { runBaseline, type DisabledRule } from '../policy/baseline/pack';
import { evaluatePolicies } from '../policy/engine/engine';
import { mutateResources } from '../policy/mutate/mutate-resources';
import type { AnyPolicy, Resource } from '../policy/types';
import {
  helmLint,
  helmTemplate,
  parseRenderedManifests,
  type RenderedManifest,
  type TemplateOptions,
  type TemplateResult,
  type HelmRunOptions,
} from '../tools/helm';
import { intentOf, readChartSource, type ChartSource } from './chart-source';
import { mergeAcrossEnvironments, type ReviewFinding } from './findings';
import { helmErrorFindings, lintFindings } from './helm-findings';
import { ChartLocator } from './locate';
import { renderableChart } from './materialize';
import { instrumentChart, stripMarkers, traceRender, type DocumentTrace } from './render-trace';
import { unsafeArgumentFindings } from './unsafe-arguments';
import { policyFindings } from './policy-findings';
import { policyFolderFindings } from './policy-folder-findings';
import type { PolicyContext } from './policy-source';
import { disabledRulesOf } from './review-fixes';
import { readFileSync } from 'node:fs';
import type { ObjectPath } from './source-map';

/** A schema finding on a rendered object (kube-schema module), located by object path. */
export interface ObjectFinding {
  index: number;
  severity: ReviewFinding['severity'];
  code: string;
  message: string;
  path: ObjectPath;
}
export type ObjectValidator = (manifests: RenderedManifest[], kubernetesVersion: string) => Promise<ObjectFinding[]>;

export interface ReviewOptions {
  helmPath: string;
  config: PlatformConfig;
  kubernetesVersion?: string;
  /** Extra Kyverno/CEL policies (the workspace's policies folder). */
  policies?: AnyPolicy[];
  /** The rest of that folder: PolicyExceptions, bindings, what could not be read (see `workspacePolicies`). */
  policyContext?: PolicyContext;
  disabledRules?: DisabledRule[];
  objectValidator?: ObjectValidator;
  /** Only these environments (`default` is values.yaml alone); all when unset. */
  environments?: string[];
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Skip the result cache (benchmarks). */
  cache?: boolean;
  /** Exact helm command lines, for the Output channel. */
  log?: (line: string) => void;
}

export interface EnvironmentRender {
  name: string;
  namespace: string;
  tier?: string;
  valuesFiles: string[];
  ok: boolean;
  manifests: RenderedManifest[];
}

export interface ReviewResult {
  chart: ChartSource;
  findings: ReviewFinding[];
  renders: EnvironmentRender[];
  stubbed: string[];
  fromCache: boolean;
  millis: { helm: number; analysis: number; total: number };
}

const cache = new Map<string, ReviewResult>();
const CACHE_SIZE = 32;

/** Runs `fn` over items with at most `limit` at a time (helm is the floor: run it in parallel). */
async function pool<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

/**
 * The whole review of a chart: helm lint --strict and helm template for values.yaml and every
 * values-<env>.yaml (in parallel), Kubernetes schema checks and policies on the rendered objects of
 * each environment (in the namespace it deploys to), every finding placed on the template line that
 * produced it, the values key and the intent field behind it, merged across environments.
 * Cached by the content of every chart file and the options: an unchanged chart costs nothing.
 */
export async function reviewChart(dir: string, options: ReviewOptions): Promise<ReviewResult> {
  const started = performance.now();
  const source = readChartSource(dir);
  const kubeVersion = options.kubernetesVersion ?? options.config.kubernetesVersion;
  const key = createHash('sha256')
    .update(
      JSON.stringify([
        source.fingerprint,
        options.helmPath,
        kubeVersion,
        options.config,
        options.policies ?? [],
        options.policyContext ?? {},
        options.disabledRules ?? [],
        !!options.objectValidator,
        options.environments ?? [],
      ]),
    )
    .digest('hex');
  const hit = options.cache === false ? undefined : cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return { ...hit, fromCache: true, millis: { helm: 0, analysis: 0, total: performance.now() - started } };
  }

  const locator = new ChartLocator(source);
  // Rules the chart opts out of (Chart.yaml annotations) plus those the caller disables.
  const chartYamlText = readFileSync(path.join(dir, 'Chart.yaml'), 'utf8');
  const optedOut = [...disabledRulesOf(chartYamlText), ...(options.disabledRules ?? [])];
  const isOff = (code: string) => optedOut.some((d) => d.rule.toUpperCase() === code.toUpperCase());
  const baselineOff = optedOut.filter(
    (d) => /^HI-K8S-\d+$/i.test(d.rule) || d.rule === 'helm-baseline' || d.rule.startsWith('helm-baseline/'),
  );
  const planned = chartEnvironments(intentOf(source), source.values.keys(), options.config);
  const envs = planned.filter((e) => !options.environments?.length || options.environments.includes(e.name));
  if (envs.length === 0)
    throw new Error(
      `no such environment: ${options.environments?.join(', ')}; the chart has ${planned.map((e) => e.name).join(', ')}`,
    );
  // Chart.yaml name (the release name) and namespaces go to helm's argv: checked first, and a bad
  // one is a located finding instead of a helm run.
  const unsafe = unsafeArgumentFindings(source, chartYamlText, envs, locator);
  const renderable = renderableChart(source);
  // Started now, awaited by the template runs: the copy overlaps the lint runs. A copy that fails only costs the trace.
  const instrumented = instrumentChart(renderable.dir, source.templates).catch(() => undefined);
  const findings: ReviewFinding[] = [...unsafe.findings, ...policyFolderFindings(options.policyContext)];
  const renders: EnvironmentRender[] = [];
  const helmStarted = performance.now();
  try {
    const run = { helmPath: options.helmPath, timeoutMs: options.timeoutMs ?? 60_000, signal: options.signal };
    const jobs = envs
      .filter((env) => !unsafe.badNamespaces.has(env.namespace))
      .flatMap((env) => [
        { env, kind: 'lint' as const },
        ...(unsafe.releaseNameOk ? [{ env, kind: 'template' as const }] : []),
      ]);
    const results = await pool(jobs, 4, async (job) => {
      const valuesFiles = job.env.valuesFiles.map((f) => path.join(renderable.dir, f));
      if (job.kind === 'lint') {
        options.log?.(
          `helm lint --strict ${dir}${valuesFiles.map((f) => ` --values ${path.basename(f)}`).join('')} --namespace ${job.env.namespace}`,
        );
        return {
          job,
          lint: await helmLint(renderable.dir, { strict: true, valuesFiles, namespace: job.env.namespace }, run),
        };
      }
      options.log?.(
        `helm template ${source.name} ${dir}${valuesFiles.map((f) => ` --values ${path.basename(f)}`).join('')} --namespace ${job.env.namespace} --kube-version ${kubeVersion}`,
      );
      const opts: TemplateOptions = {
        releaseName: source.name,
        namespace: job.env.namespace,
        valuesFiles,
        kubeVersion: kubeVersion.split('.').length === 2 ? `${kubeVersion}.0` : kubeVersion,
      };
      return { job, ...(await tracedTemplate((await instrumented)?.dir, renderable.dir, opts, run, source)) };
    });
    const helmMs = performance.now() - helmStarted;
    const analysisStarted = performance.now();
    for (const env of envs) {
      const lint = results.find((r) => r.job.env === env && r.lint)?.lint;
      const rendered = results.find((r) => r.job.env === env && 'template' in r);
      const template = rendered && 'template' in rendered ? rendered.template : undefined;
      if (rendered && 'traces' in rendered && rendered.traces) locator.useTraces(env.name, rendered.traces);
      if (lint) findings.push(...lintFindings(lint.messages, env, locator));
      if (lint && !lint.ok && lint.messages.length === 0 && lint.error)
        findings.push(
          ...fallback(
            helmErrorFindings(lint.result.stderr, env, locator, 'helm-lint'),
            lint.error,
            env,
            locator,
            'helm-lint',
          ),
        );
      if (template && !template.ok)
        findings.push(
          ...fallback(
            helmErrorFindings(template.result.stderr, env, locator, 'helm-template'),
            template.error ?? 'helm template failed',
            env,
            locator,
            'helm-template',
          ),
        );
      const manifests = template?.ok ? template.manifests : [];
      renders.push({
        name: env.name,
        namespace: env.namespace,
        tier: env.tier,
        valuesFiles: env.valuesFiles,
        ok: !!template?.ok,
        manifests,
      });
      if (!template?.ok) continue;
      findings.push(
        ...(
          await analyseObjects(manifests, env, locator, { ...options, disabledRules: baselineOff }, kubeVersion)
        ).filter((f) => !isOff(f.code)),
      );
    }
    findings.push(...unsafe.renderNotes(renderable, envs));
    if (renderable.stubbed.length) {
      findings.push({
        severity: 'warning',
        code: 'dependencies-missing',
        source: 'review',
        message: `Chart dependencies not downloaded: ${renderable.stubbed.join(', ')}. The chart was reviewed with empty stand-ins (their own templates were not checked). Run \`helm dependency build ${dir}\`.`,
        environments: envs.map((e) => e.name),
        namespaces: [...new Set(envs.map((e) => e.namespace))],
        primary: locator.chartLocation(),
        related: [],
      });
    }
    const merged = mergeAcrossEnvironments(findings);
    const result: ReviewResult = {
      chart: source,
      findings: merged,
      renders,
      stubbed: renderable.stubbed,
      fromCache: false,
      millis: { helm: helmMs, analysis: performance.now() - analysisStarted, total: performance.now() - started },
    };
    if (!options.signal?.aborted) {
      cache.set(key, result);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    return result;
  } finally {
    (await instrumented)?.cleanup();
    renderable.cleanup();
  }
}

/**
 * `helm template` of the instrumented copy (see render-trace): the same objects as the plain render
 * plus the template line of every rendered line. Falls back to the plain chart when the copy does
 * not render or a marker ended up inside a value (`include … | b64enc`), so output never differs.
 */
async function tracedTemplate(
  instrumentedDir: string | undefined,
  plainDir: string,
  opts: TemplateOptions,
  run: HelmRunOptions,
  source: ChartSource,
): Promise<{ template: TemplateResult; traces?: Map<string, DocumentTrace> }> {
  if (!instrumentedDir) return { template: await helmTemplate(plainDir, opts, run) };
  const traced = await helmTemplate(instrumentedDir, opts, run);
  if (traced.ok) {
    const { text, clean } = stripMarkers(traced.result.stdout);
    if (clean)
      return {
        template: { ...traced, manifests: parseRenderedManifests(text), result: { ...traced.result, stdout: text } },
        traces: traceRender(traced.result.stdout, source.templates),
      };
  }
  if (run.signal?.aborted) return { template: traced };
  return { template: await helmTemplate(plainDir, opts, run) };
}

function fallback(
  located: ReviewFinding[],
  message: string,
  env: PlannedEnvironment,
  locator: ChartLocator,
  source: 'helm-lint' | 'helm-template',
): ReviewFinding[] {
  if (located.length) return located;
  return [
    {
      severity: 'error',
      code: source,
      source,
      message,
      environments: [env.name],
      namespaces: [env.namespace],
      primary: locator.chartLocation(),
      related: [],
    },
  ];
}

async function analyseObjects(
  manifests: RenderedManifest[],
  env: PlannedEnvironment,
  locator: ChartLocator,
  options: ReviewOptions,
  kubeVersion: string,
): Promise<ReviewFinding[]> {
  const out: ReviewFinding[] = [];
  // Mutate before validate, as admission does: every check below sees the patched objects.
  const rendered = manifests.map((m) => (m.object ?? {}) as Resource);
  const mutation = options.policies?.length
    ? mutateResources(options.policies, rendered, {
        namespace: env.namespace,
        rollouts: true,
        exceptions: options.policyContext?.exceptions,
      })
    : { resources: rendered, results: [] };
  const resources = mutation.resources;
  out.push(...policyFindings(mutation.results, manifests, env, locator));
  const baseline = runBaseline(resources, {
    namespace: env.namespace,
    tier: env.tier,
    allowedRegistries: options.config.allowedRegistries,
    kubernetesVersion: kubeVersion,
    disabled: options.disabledRules,
  });
  out.push(...policyFindings(baseline.results, manifests, env, locator));
  if (options.policies?.length)
    out.push(
      ...policyFindings(
        evaluatePolicies(options.policies, resources, {
          namespace: env.namespace,
          rollouts: true,
          mutate: false,
          exceptions: options.policyContext?.exceptions,
          bindings: options.policyContext?.bindings,
        }),
        manifests,
        env,
        locator,
      ),
    );
  if (options.objectValidator) {
    for (const f of await options.objectValidator(manifests, kubeVersion)) {
      const m = manifests[f.index];
      const locations = m
        ? locator.locateObjectPath(m.source, m.index, f.path.length ? f.path : ['kind'], env.name)
        : [locator.chartLocation()];
      const obj = (m?.object ?? {}) as { apiVersion?: string; kind?: string; metadata?: { name?: string } };
      const name = m ? locator.displayName(m.source, m.index, obj.metadata?.name, env.name) : obj.metadata?.name;
      out.push({
        severity: f.severity,
        code: f.code,
        source: 'kube-schema',
        message: `${f.message} (${obj.kind ?? '?'}/${name ?? '?'})`,
        environments: [env.name],
        namespaces: [env.namespace],
        object: { apiVersion: obj.apiVersion, kind: obj.kind, name },
        objectPath: f.path.join('.'),
        primary: locations[0],
        related: locations.slice(1),
      });
    }
  }
  return out;
}
