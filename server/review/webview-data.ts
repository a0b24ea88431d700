import path from 'node:path';
import type { EnvironmentRender, ReviewData, WebviewFinding } from '../protocol/webview-protocol';
import type { ReviewFinding } from './findings';
import type { ReviewResult } from './pipeline';
import { renderedObjects } from './webview-objects';

function toWebviewFinding(f: ReviewFinding): WebviewFinding {
  return {
    severity: f.severity,
    ruleId: f.code,
    ...(f.policy ? { policy: f.policy } : {}),
    source: f.source,
    message: f.message,
    ...(f.remediation ? { remediation: f.remediation } : {}),
    environments: f.environments,
    namespaces: f.namespaces,
    ...(f.objectPath ? { objectPath: f.objectPath } : {}),
    locations: [f.primary, ...f.related].map((l) => ({
      file: l.file,
      line: l.range.start.line,
      character: l.range.start.character,
      role: l.role,
    })),
  };
}

/**
 * The review result as the Chart Review webview shows it: each environment's rendered objects with
 * the findings about them, chart-level findings (lint, dependencies, policy files) on the environment — the same
 * findings the Problems panel has.
 */
export function toReviewData(result: ReviewResult): ReviewData {
  const { chart } = result;
  const environments: EnvironmentRender[] = result.renders.map((r) => {
    const objects = renderedObjects(r.manifests, chart);
    const envFindings: WebviewFinding[] = [];
    // A finding of no environment (a policy file that could not be loaded) concerns every render.
    for (const f of result.findings.filter((x) => x.environments.length === 0 || x.environments.includes(r.name))) {
      const wf = toWebviewFinding(f);
      const target =
        f.object?.kind && f.object.name
          ? objects.find((o) => o.kind === f.object!.kind && o.name === f.object!.name)
          : undefined;
      if (target) target.findings.push(wf);
      else envFindings.push(wf);
    }
    return {
      name: r.name,
      namespace: r.namespace,
      valuesFiles: r.valuesFiles.map((f) => path.join(chart.dir, f)),
      ok: r.ok,
      ...(r.ok
        ? {}
        : {
            error:
              result.findings.find(
                (f) => f.environments.includes(r.name) && f.severity === 'error' && f.source !== 'policy',
              )?.message ?? 'helm template failed',
          }),
      objects,
      findings: envFindings,
    };
  });
  return {
    chart: {
      name: chart.name,
      dir: chart.dir,
      ...(chart.version ? { version: chart.version } : {}),
      ...(chart.intentFile ? { intentFile: chart.intentFile } : {}),
    },
    environments,
    generatedAt: new Date().toISOString(),
    producer: 'review pipeline',
    ...(result.stubbed.length
      ? {
          notes: [
            `Dependencies not downloaded (${result.stubbed.join(', ')}): reviewed with empty stand-ins, so their objects are missing. Run \`helm dependency build\` in the chart to see them.`,
          ],
        }
      : {}),
  };
}
