import { createHash } from 'node:crypto';
import path from 'node:path';
import { catalogEntry } from '../policy/baseline/catalog';
import type { ReviewFinding, ReviewLocation } from './findings';

/**
 * What identifies a finding across runs and edits: the rule, the object (kind and name, random name
 * parts already `*`), the path in it and the file — never a line or column, so an alert survives lines
 * added above it. Findings not on an object (helm lint) use the message without line numbers.
 */
export function fingerprintOf(f: ReviewFinding, root: string): string {
  const file = path.relative(root, f.primary.file).split(path.sep).join('/');
  const what = f.object
    ? [f.object.kind ?? '', f.object.name ?? '', f.objectPath ?? '']
    : [f.message.replace(/:\d+(:\d+)?\b|\bline \d+/g, '')];
  return createHash('sha256')
    .update(JSON.stringify([f.code, file, ...what]))
    .digest('hex')
    .slice(0, 32);
}

/** GitHub's `security-severity` (0–10) orders code-scanning alerts; from the catalogue severity. */
const SECURITY_SEVERITY: Record<string, string> = { high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

/** A built-in rule is described from the catalogue (title, why, equivalents as tags); others from the finding. */
function ruleOf(f: ReviewFinding): object {
  const entry = catalogEntry(f.code);
  if (!entry)
    return {
      id: f.code,
      shortDescription: { text: (f.policy ? `${f.policy}: ` : '') + f.message.split(' (')[0].slice(0, 200) },
      ...(f.remediation ? { help: { text: f.remediation } } : {}),
    };
  const eq = entry.equivalents;
  return {
    id: entry.id,
    name: entry.title.replace(/[^A-Za-z0-9]+/g, ''),
    shortDescription: { text: entry.title },
    fullDescription: { text: entry.doc },
    help: { text: entry.remediation },
    properties: {
      tags: [entry.category, ...(eq.kubeLinter ?? []).map((k) => `kube-linter:${k}`), ...(eq.checkov ?? [])],
      'security-severity': SECURITY_SEVERITY[entry.severity],
    },
  };
}

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: one run, rules by id, results with the template
 * line as the location and the values key / intent field as related locations.
 */
export function toSarif(findings: ReviewFinding[], root: string, version: string): object {
  const rules = new Map<string, object>();
  for (const f of findings) if (!rules.has(f.code)) rules.set(f.code, ruleOf(f));
  const loc = (l: ReviewLocation, id?: number) => ({
    ...(id !== undefined ? { id } : {}),
    physicalLocation: {
      artifactLocation: { uri: path.relative(root, l.file).split(path.sep).join('/'), uriBaseId: '%SRCROOT%' },
      region: {
        startLine: l.range.start.line + 1,
        startColumn: l.range.start.character + 1,
        endLine: l.range.end.line + 1,
        endColumn: Math.max(l.range.end.character + 1, l.range.start.character + 2),
      },
    },
    message: { text: l.note ? `${l.role}: ${l.note}` : l.role },
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'helm-intent',
            version,
            informationUri: 'https://github.com/helm-intent/helm-intent',
            rules: [...rules.values()],
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${root.endsWith('/') ? root : root + '/'}` } },
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: [...rules.keys()].indexOf(f.code),
          level: f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'note',
          message: { text: `${f.message}${f.environments.length ? ` [${f.environments.join(', ')}]` : ''}` },
          locations: [loc(f.primary)],
          partialFingerprints: { 'helmIntentFinding/v1': fingerprintOf(f, root) },
          ...(f.related.length ? { relatedLocations: f.related.map((r, i) => loc(r, i + 1)) } : {}),
          properties: {
            environments: f.environments,
            namespaces: f.namespaces,
            ...(f.object ? { object: f.object } : {}),
            ...(f.objectPath ? { objectPath: f.objectPath } : {}),
          },
        })),
      },
    ],
  };
}
