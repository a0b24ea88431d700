/**
 * helm renders nothing while any dependency is missing from charts/ (even a disabled one). Offline
 * (CI without network, the editor before `helm dependency build`, an AI candidate) the chart's own
 * templates are still checked: each missing dependency gets an empty stand-in chart in a temporary
 * copy. The one implementation for review, AI validator and webview.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { chartNameProblem } from './helm-args';
import { writeConfined } from './confined-fs';

export interface DeclaredDependency {
  name?: unknown;
  version?: unknown;
  repository?: unknown;
}

export interface StandInResult {
  /** Dependencies that now stand in as empty charts. */
  stubbed: string[];
  /** Declared dependencies that were not stubbed, with the one-line reason (a name with `../`, …). */
  refused: string[];
}

/** Whether charts/ has the dependency (a folder or a `<name>-<version>.tgz`). */
export function dependencyPresent(chartsEntries: string[], name: string): boolean {
  return chartsEntries.some((f) => f === name || (f.startsWith(`${name}-`) && f.endsWith('.tgz')));
}

function entriesOf(chartsDir: string): string[] {
  try {
    return readdirSync(chartsDir);
  } catch {
    return [];
  }
}

/** The declared dependencies that are neither in charts/ nor `file://` (helm reads those itself). */
export function missingDependencies(chartDir: string, deps: DeclaredDependency[]): DeclaredDependency[] {
  const entries = entriesOf(path.join(chartDir, 'charts'));
  return deps.filter(
    (d) =>
      typeof d?.name === 'string' &&
      d.name &&
      !String(d.repository ?? '').startsWith('file://') &&
      !dependencyPresent(entries, d.name),
  );
}

/**
 * Writes `charts/<name>/Chart.yaml` for each missing dependency of the chart at chartDir (a
 * temporary copy). Names come from Chart.yaml: only plain chart names are used, and every write
 * goes through the confinement rule, so `name: ../../x` writes nothing.
 */
export function writeDependencyStandIns(chartDir: string, deps: DeclaredDependency[]): StandInResult {
  const stubbed: string[] = [];
  const refused: string[] = [];
  for (const d of missingDependencies(chartDir, deps)) {
    const name = d.name as string;
    const problem = chartNameProblem(name);
    if (problem) {
      refused.push(problem);
      continue;
    }
    const version = typeof d.version === 'string' && /^\d+\.\d+\.\d+$/.test(d.version) ? d.version : '0.0.0';
    writeConfined(
      chartDir,
      path.join('charts', name, 'Chart.yaml'),
      `apiVersion: v2\nname: ${name}\nversion: ${version}\ndescription: offline stand-in for review\n`,
    );
    stubbed.push(name);
  }
  return { stubbed, refused };
}
