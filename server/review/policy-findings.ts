import type { PolicyResult } from '../policy/types';
import type { RenderedManifest } from '../tools/helm-output';
import type { ReviewFinding } from './findings';
import type { ChartLocator } from './locate';

interface Env {
  name: string;
  namespace: string;
}

/** Policy results of one environment's objects, on the template/values/intent lines that caused them. */
export function policyFindings(results: PolicyResult[], manifests: RenderedManifest[], env: Env, locator: ChartLocator): ReviewFinding[] {
  const out: ReviewFinding[] = [];
  for (const r of results) {
    if (r.result === 'pass') continue;
    // A skip is only worth showing when it hides an unsupported check, never for "not applicable".
    if (r.result === 'skip' && !/unsupported|not supported/i.test(r.message)) continue;
    const manifest = r.resourceIndex !== undefined ? manifests[r.resourceIndex] : undefined;
    const objectPath = r.jsonPaths?.[0] ?? ['kind'];
    const locations = manifest ? locator.locateObjectPath(manifest.source, manifest.index, objectPath, env.name) : [locator.chartLocation()];
    // Advice rules (catalogue severity `info`: digest pinning, secrets as files) never fail a review.
    const severity = r.result === 'fail' ? (r.severity === 'info' ? 'info' : r.admission === 'warn' ? 'warning' : 'error') : r.result === 'error' || r.result === 'warn' ? 'warning' : 'info';
    const code = r.ruleId ?? (r.rule ? `${r.policy}/${r.rule}` : r.policy);
    const name = manifest ? locator.displayName(manifest.source, manifest.index, r.resource.name, env.name) : r.resource.name;
    const where = `${r.resource.kind}/${name}`;
    const message = name === r.resource.name || !r.resource.name ? r.message : r.message.split(r.resource.name).join(name ?? '');
    const prefix = r.result === 'skip' ? 'skipped: ' : r.result === 'error' ? 'could not evaluate: ' : '';
    out.push({
      severity,
      code,
      source: 'policy',
      message: `${prefix}${message} (${where}${r.paths?.[0] ? ` at ${r.paths[0]}` : ''})`,
      policy: r.policy,
      rule: r.rule,
      remediation: r.remediation,
      environments: [env.name],
      namespaces: [r.resource.namespace ?? env.namespace],
      object: { apiVersion: r.resource.apiVersion, kind: r.resource.kind, name },
      objectPath: r.paths?.[0],
      primary: locations[0],
      related: locations.slice(1),
    });
  }
  return out;
}
