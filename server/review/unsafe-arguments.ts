/**
 * Review findings for values from the chart that would reach helm's command line unsafely: a
 * Chart.yaml `name` that is not a release name (`--output-dir=pwnout`), a namespace that is not a
 * DNS-1123 label, a dependency name with `../`, a symlink leading out of the chart. Each is
 * located on the line that holds it; helm is not run with it.
 */
import path from 'node:path';
import { namespaceProblem, releaseNameProblem } from '../tools/helm-args';
import type { RenderableChart } from '../tools/renderable-chart';
import type { ChartSource } from './chart-source';
import type { ReviewFinding, ReviewLocation } from './findings';
import type { ChartLocator } from './locate';

interface EnvLike {
  name: string;
  namespace: string;
}

export interface UnsafeArguments {
  findings: ReviewFinding[];
  /** helm template may run (the chart's name is a valid release name). */
  releaseNameOk: boolean;
  badNamespaces: Set<string>;
  /** Findings about what the temporary copy left out (unsafe dependency names, symlinks out). */
  renderNotes(renderable: Pick<RenderableChart, 'refused' | 'skippedLinks'>, envs: EnvLike[]): ReviewFinding[];
}

export function unsafeArgumentFindings(
  source: ChartSource,
  chartYamlText: string,
  envs: EnvLike[],
  locator: ChartLocator,
): UnsafeArguments {
  const chartFile = path.join(source.dir, 'Chart.yaml');
  const at = (pattern: RegExp): ReviewLocation => lineOf(chartFile, chartYamlText, pattern) ?? locator.chartLocation();
  const all = { environments: envs.map((e) => e.name), namespaces: [...new Set(envs.map((e) => e.namespace))] };
  const findings: ReviewFinding[] = [];
  const nameProblem = releaseNameProblem(source.name);
  if (nameProblem) {
    findings.push({
      severity: 'error',
      code: 'invalid-release-name',
      source: 'review',
      message: `Chart.yaml name: ${nameProblem}; helm template was not run.`,
      ...all,
      primary: at(/^name\s*:/),
      related: [],
    });
  }
  const badNamespaces = new Set<string>();
  for (const env of envs) {
    const problem = namespaceProblem(env.namespace);
    if (!problem || badNamespaces.has(env.namespace)) continue;
    badNamespaces.add(env.namespace);
    const inEnv = envs.filter((e) => e.namespace === env.namespace);
    findings.push({
      severity: 'error',
      code: 'invalid-namespace',
      source: 'review',
      message: `${problem}; helm was not run for ${inEnv.map((e) => e.name).join(', ')}.`,
      environments: inEnv.map((e) => e.name),
      namespaces: [],
      primary: source.intentFile ? { file: source.intentFile, range: zero(), role: 'intent' } : locator.chartLocation(),
      related: [],
    });
  }
  return {
    findings,
    releaseNameOk: !nameProblem,
    badNamespaces,
    renderNotes(renderable, renderedEnvs) {
      const scope = {
        environments: renderedEnvs.map((e) => e.name),
        namespaces: [...new Set(renderedEnvs.map((e) => e.namespace))],
      };
      return [
        ...renderable.refused.map((message): ReviewFinding => ({
          severity: 'error',
          code: 'unsafe-dependency-name',
          source: 'review',
          message: `${message}: no stand-in was written for it.`,
          ...scope,
          primary: at(/^\s*-?\s*name\s*:.*(\.\.|\/)/),
          related: [],
        })),
        ...renderable.skippedLinks.map((link): ReviewFinding => ({
          severity: 'error',
          code: 'symlink-outside-chart',
          source: 'review',
          message: `${link} is a symlink that leads outside the chart (or nowhere); it was left out of the render.`,
          ...scope,
          primary: { file: path.join(source.dir, link), range: zero(), role: 'chart' },
          related: [],
        })),
      ];
    },
  };
}

function zero() {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** The first line of text matching pattern, as a whole-line location. */
function lineOf(file: string, text: string, pattern: RegExp): ReviewLocation | undefined {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => pattern.test(l));
  return i < 0
    ? undefined
    : {
        file,
        range: { start: { line: i, character: 0 }, end: { line: i, character: lines[i].length } },
        role: 'chart',
      };
}
