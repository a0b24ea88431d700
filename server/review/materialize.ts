import { cpSync, mkdtempSync, rmSync, existsSync, mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChartSource } from './chart-source';

export interface RenderableChart {
  dir: string;
  /** Dependencies that were not downloaded and stand in as empty charts. */
  stubbed: string[];
  cleanup(): void;
}

function present(chartsDir: string, name: string): boolean {
  if (!existsSync(chartsDir)) return false;
  return readdirSync(chartsDir).some((f) => f === name || (f.startsWith(`${name}-`) && f.endsWith('.tgz')));
}

/**
 * helm renders nothing while any dependency is missing from charts/ (even a disabled one). Offline
 * (CI without network, this editor before `helm dependency build`) the review still checks the
 * chart's own templates: a temporary copy gets empty stand-ins, and the review says so.
 */
export function renderableChart(source: ChartSource): RenderableChart {
  const chartsDir = path.join(source.dir, 'charts');
  const missing = source.dependencies.filter((d) => d.name && !(d.repository ?? '').startsWith('file://') && !present(chartsDir, d.name));
  if (missing.length === 0) return { dir: source.dir, stubbed: [], cleanup: () => undefined };
  const root = mkdtempSync(path.join(tmpdir(), 'helm-intent-review-'));
  const dir = path.join(root, path.basename(source.dir));
  cpSync(source.dir, dir, { recursive: true, filter: (src) => !src.split(path.sep).includes('.helm-intent') });
  for (const d of missing) {
    const version = d.version && /^\d+\.\d+\.\d+$/.test(d.version) ? d.version : '0.0.0';
    mkdirSync(path.join(dir, 'charts', d.name), { recursive: true });
    writeFileSync(path.join(dir, 'charts', d.name, 'Chart.yaml'), `apiVersion: v2\nname: ${d.name}\nversion: ${version}\ndescription: offline stand-in for review\n`);
  }
  return { dir, stubbed: missing.map((d) => d.name), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
