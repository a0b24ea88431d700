import path from 'node:path';
import type { ReviewFinding, ReviewLocation } from './findings';

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: one run, rules by id, results with the template
 * line as the location and the values key / intent field as related locations.
 */
export function toSarif(findings: ReviewFinding[], root: string, version: string): object {
  const rules = new Map<string, { id: string; shortDescription: { text: string }; help?: { text: string } }>();
  for (const f of findings) if (!rules.has(f.code)) rules.set(f.code, { id: f.code, shortDescription: { text: (f.policy ? `${f.policy}: ` : '') + f.message.split(' (')[0].slice(0, 200) }, ...(f.remediation ? { help: { text: f.remediation } } : {}) });
  const loc = (l: ReviewLocation, id?: number) => ({
    ...(id !== undefined ? { id } : {}),
    physicalLocation: {
      artifactLocation: { uri: path.relative(root, l.file).split(path.sep).join('/'), uriBaseId: '%SRCROOT%' },
      region: { startLine: l.range.start.line + 1, startColumn: l.range.start.character + 1, endLine: l.range.end.line + 1, endColumn: Math.max(l.range.end.character + 1, l.range.start.character + 2) },
    },
    message: { text: l.role },
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'helm-intent', version, informationUri: 'https://github.com/helm-intent/helm-intent', rules: [...rules.values()] } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${root.endsWith('/') ? root : root + '/'}` } },
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: [...rules.keys()].indexOf(f.code),
          level: f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'note',
          message: { text: `${f.message}${f.environments.length ? ` [${f.environments.join(', ')}]` : ''}` },
          locations: [loc(f.primary)],
          ...(f.related.length ? { relatedLocations: f.related.map((r, i) => loc(r, i + 1)) } : {}),
          properties: { environments: f.environments, namespaces: f.namespaces, ...(f.object ? { object: f.object } : {}), ...(f.objectPath ? { objectPath: f.objectPath } : {}) },
        })),
      },
    ],
  };
}
