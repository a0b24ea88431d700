/**
 * What a model answer may not do even when helm renders it cleanly: read files outside the chart
 * (`.Files.Get "/etc/passwd"`, `file://../..` dependencies), query the cluster at install time
 * (`lookup`), or carry credentials in plain text (values keys, Secret literals). Each is refused
 * with a reason the model sees in the repair round and the user sees if it gives up.
 */
import { parse } from 'yaml';
import { literalCredentials } from '../gitops/values';
import type { ChartFile, Problem } from './types';

const FILES_CALL = /\.Files\.(Get|GetBytes|Glob|Lines|AsConfig|AsSecrets)\s+"([^"]*)"/g;
const LOOKUP = /(?:\{\{-?|\(|\|)\s*lookup\b/;

/** Problems of the candidate chart's own text (before and independent of helm). */
export function answerContentProblems(files: ChartFile[]): Problem[] {
  const problems: Problem[] = [];
  for (const f of files) {
    if (f.path.startsWith('templates/')) {
      for (const m of f.content.matchAll(FILES_CALL)) {
        const target = m[2];
        if (
          target.startsWith('/') ||
          target.startsWith('~') ||
          target.split('/').includes('..') ||
          /^[A-Za-z]:/.test(target)
        ) {
          problems.push({
            source: 'review',
            file: f.path,
            message: `.Files.${m[1]} "${target.slice(0, 80)}" reads outside the chart; only files inside the chart may be read.`,
          });
        }
      }
      if (LOOKUP.test(f.content))
        problems.push({
          source: 'review',
          file: f.path,
          message:
            '`lookup` queries the live cluster at install time; a generated chart must render from its values alone.',
        });
      if (/^kind:\s*["']?Secret["']?\s*$/m.test(f.content)) {
        const literal = secretLiterals(f.content);
        if (literal.length)
          problems.push({
            source: 'review',
            file: f.path,
            message: `A Secret with hard-coded data (${literal.slice(0, 3).join(', ')}); take values from an existing Secret (secretRef / ExternalSecret) instead.`,
          });
      }
    }
    if (/^values(-[A-Za-z0-9._-]+)?\.yaml$/.test(f.path)) {
      const found = literalCredentials(safeParse(f.content));
      if (found.length)
        problems.push({
          source: 'review',
          file: f.path,
          message: `Hard-coded credential(s) at ${found.slice(0, 3).join(', ')}; leave them empty and reference a Secret.`,
        });
    }
    if (f.path === 'Chart.yaml') problems.push(...dependencyProblems(f.content));
  }
  return problems;
}

/** `file://` dependencies must point inside the chart (charts/…). */
function dependencyProblems(chartYaml: string): Problem[] {
  const deps = (safeParse(chartYaml) as { dependencies?: unknown } | undefined)?.dependencies;
  if (!Array.isArray(deps)) return [];
  const out: Problem[] = [];
  for (const d of deps as Array<{ name?: unknown; repository?: unknown }>) {
    const repo = typeof d?.repository === 'string' ? d.repository : '';
    if (!repo.startsWith('file://')) continue;
    const target = repo.slice('file://'.length);
    if (target.startsWith('/') || target.startsWith('~') || target.split('/').includes('..')) {
      out.push({
        source: 'review',
        file: 'Chart.yaml',
        message: `Dependency ${String(d?.name ?? '?')} uses ${repo.slice(0, 80)}, outside the chart; a file:// dependency must be under charts/.`,
      });
    }
  }
  return out;
}

/** Keys of data/stringData whose value is written out rather than templated. */
function secretLiterals(template: string): string[] {
  const out: string[] = [];
  let inData = false;
  let indent = -1;
  for (const line of template.split('\n')) {
    const m = /^(\s*)(data|stringData):\s*$/.exec(line);
    if (m) {
      inData = true;
      indent = m[1].length;
      continue;
    }
    if (!inData) continue;
    const entry = /^(\s*)([A-Za-z0-9_.-]+):\s*(.*)$/.exec(line);
    if (!line.trim() || line.trim().startsWith('{{')) continue;
    if (!entry || entry[1].length <= indent) {
      inData = false;
      continue;
    }
    const value = entry[3].trim();
    if (value && !value.includes('{{') && value !== '""' && value !== "''") out.push(entry[2]);
  }
  return out;
}

function safeParse(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined; // helm reports the broken file
  }
}
