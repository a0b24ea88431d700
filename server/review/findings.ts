import type { Range } from 'vscode-languageserver-types';
import type { Severity } from '../check/finding';

export interface ReviewLocation {
  /** Absolute path. */
  file: string;
  range: Range;
  /** What this location is: the template line, the values key, the intent field. */
  role: 'template' | 'values' | 'intent' | 'chart' | 'policy';
  /** For a values location: the key path (e.g. `alertmanager.resources.limits`), for quick-fixes. */
  valuesPath?: string[];
  /** Said when the place is approximate (a block that rendered the field, not the field's own line). */
  note?: string;
}

/** One problem of a chart, on the line that caused it, merged across the environments that have it. */
export interface ReviewFinding {
  severity: Severity;
  /** Stable rule id: `HI-K8S-003`, `helm-baseline/require-liveness-probe`, `k8s-schema-type`, `helm-lint`… */
  code: string;
  source: 'helm-lint' | 'helm-template' | 'kube-schema' | 'policy' | 'review';
  message: string;
  policy?: string;
  rule?: string;
  remediation?: string;
  environments: string[];
  namespaces: string[];
  object?: { apiVersion?: string; kind?: string; name?: string };
  objectPath?: string;
  /** Where the diagnostic goes (template line, else values key, else the chart). */
  primary: ReviewLocation;
  /** The other places: values key, intent field. */
  related: ReviewLocation[];
}

export function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** Same rule, same message, same place in several environments → one finding listing them all. */
export function mergeAcrossEnvironments(findings: ReviewFinding[]): ReviewFinding[] {
  const byKey = new Map<string, ReviewFinding>();
  for (const f of findings) {
    const key = [
      f.code,
      f.primary.file,
      f.primary.range.start.line,
      f.primary.range.start.character,
      f.message,
      f.object?.kind,
      f.object?.name,
    ].join('\u0000');
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...f, environments: [...f.environments], namespaces: [...f.namespaces] });
      continue;
    }
    for (const e of f.environments) if (!seen.environments.includes(e)) seen.environments.push(e);
    for (const n of f.namespaces) if (!seen.namespaces.includes(n)) seen.namespaces.push(n);
    if (rank(f.severity) < rank(seen.severity)) seen.severity = f.severity;
  }
  return [...byKey.values()];
}

function rank(s: Severity): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : s === 'info' ? 2 : 3;
}
