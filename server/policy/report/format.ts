/** Text and JSON renderings of policy results, for the CLI and for logs. */
import type { PolicyResult, ResultStatus } from '../types';

export type Summary = Record<ResultStatus, number>;

export function summarize(results: PolicyResult[]): Summary {
  const s: Summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const r of results) s[r.result]++;
  return s;
}

export function summaryLine(s: Summary): string {
  return `pass: ${s.pass}, fail: ${s.fail}, warn: ${s.warn}, error: ${s.error}, skip: ${s.skip}`;
}

export function resourceLabel(r: PolicyResult): string {
  const { kind, namespace, name } = r.resource;
  return namespace ? `${namespace}/${kind}/${name}` : `${kind}/${name}`;
}

const ORDER: ResultStatus[] = ['error', 'fail', 'warn', 'skip', 'pass'];

export interface TextOptions {
  /** List passing results too (default: counted only). */
  verbose?: boolean;
  header?: string;
}

export function formatText(results: PolicyResult[], opts: TextOptions = {}): string {
  const lines: string[] = [];
  if (opts.header) lines.push(opts.header, '');
  const shown = results
    .filter((r) => opts.verbose || r.result !== 'pass')
    .sort(
      (a, b) => ORDER.indexOf(a.result) - ORDER.indexOf(b.result) || (a.resourceIndex ?? 0) - (b.resourceIndex ?? 0),
    );
  for (const r of shown) {
    const id = r.ruleId ? ` [${r.ruleId}]` : '';
    const rule = r.rule ? `${r.policy}/${r.rule}` : r.policy;
    const action =
      r.result === 'fail' || r.result === 'warn'
        ? ` (${r.admission === 'deny' ? 'blocks admission' : 'admission warning'})`
        : '';
    lines.push(`${r.result.toUpperCase().padEnd(5)} ${rule}${id} -> ${resourceLabel(r)}${action}`);
    lines.push(`      ${r.message}`);
    for (const p of r.paths ?? []) lines.push(`      at ${p}`);
    if (r.remediation) lines.push(`      fix: ${r.remediation}`);
  }
  if (shown.length) lines.push('');
  lines.push(summaryLine(summarize(results)));
  return `${lines.join('\n')}\n`;
}

export function formatJson(results: PolicyResult[], extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ ...extra, summary: summarize(results), results }, null, 2)}\n`;
}
