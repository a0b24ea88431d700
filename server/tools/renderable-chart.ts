/**
 * The folder helm gets: the chart itself when that is safe, else a temporary copy holding only
 * what stays inside the chart (symlinks that lead out are left out, so `.Files.Get` cannot read
 * ~/.ssh through them) plus empty stand-ins for missing dependencies.
 */
import { cpSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isInside } from './confined-fs';
import { missingDependencies, writeDependencyStandIns, type DeclaredDependency } from './dependency-stand-ins';

export interface RenderableChart {
  dir: string;
  /** Dependencies that were not downloaded and stand in as empty charts. */
  stubbed: string[];
  /** Dependencies that could not stand in (unsafe names), one line each. */
  refused: string[];
  /** Chart-relative symlinks left out because they lead outside the chart. */
  skippedLinks: string[];
  cleanup(): void;
}

/** Symlinks under dir whose real path is outside it (chart-relative, sorted). */
export function escapingLinks(dir: string): string[] {
  const root = realpathSync(dir);
  const out: string[] = [];
  const walk = (abs: string, rel: string, depth: number) => {
    if (depth > 32) return;
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const childAbs = path.join(abs, e.name);
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) {
        let real: string | undefined;
        try {
          real = realpathSync(childAbs);
        } catch {
          real = undefined; // dangling: helm fails on it, nothing to leak
        }
        if (!real || !isInside(root, real)) out.push(childRel);
      } else if (e.isDirectory() && e.name !== '.helm-intent' && e.name !== '.git') walk(childAbs, childRel, depth + 1);
    }
  };
  walk(dir, '', 0);
  return out.sort();
}

/** The chart as helm may read it; call cleanup() when done. */
export function renderableChart(chartDir: string, dependencies: DeclaredDependency[]): RenderableChart {
  const missing = missingDependencies(chartDir, dependencies);
  const skippedLinks = escapingLinks(chartDir);
  if (missing.length === 0 && skippedLinks.length === 0)
    return { dir: chartDir, stubbed: [], refused: [], skippedLinks, cleanup: () => undefined };
  const root = mkdtempSync(path.join(tmpdir(), 'helm-intent-review-'));
  try {
    const dir = path.join(root, path.basename(chartDir));
    const source = realpathSync(chartDir);
    cpSync(source, dir, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => {
        const rel = path.relative(source, src).split(path.sep);
        if (rel.includes('.helm-intent') || rel.includes('.git')) return false;
        return !skippedLinks.includes(rel.join('/'));
      },
    });
    // Links that stay inside were copied verbatim; a relative one still resolves inside the copy,
    // an absolute one would point back at the original: drop those too.
    for (const link of escapingLinks(dir)) rmSync(path.join(dir, link), { force: true });
    const { stubbed, refused } = writeDependencyStandIns(dir, missing);
    return { dir, stubbed, refused, skippedLinks, cleanup: () => rmSync(root, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
}
