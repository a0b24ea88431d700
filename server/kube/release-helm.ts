/**
 * Release status and history through `helm status -o json` and `helm history -o json` (when helm
 * is configured), for the same ReleaseStatus the Secrets give. Runs with the same kubeconfig,
 * context and namespace as the watches.
 */
import type { ReleaseRevision, ReleaseStatus } from '../protocol/status-protocol';
import { namespaceProblem, releaseNameProblem } from '../tools/helm-args';
import { runHelm, type HelmRunOptions } from '../tools/helm';
import { revisionOf, type HelmReleaseRecord } from './helm-release';

export interface HelmTarget {
  release: string;
  namespace: string;
  /** --kube-context */
  context?: string;
  /** --kubeconfig (else helm reads KUBECONFIG like kubectl). */
  kubeconfig?: string;
}

/** The global flags that point helm at the same cluster as the status engine. */
export function helmTargetFlags(t: { namespace: string; context?: string; kubeconfig?: string }): string[] {
  return [
    '--namespace',
    t.namespace,
    ...(t.context ? ['--kube-context', t.context] : []),
    ...(t.kubeconfig ? ['--kubeconfig', t.kubeconfig] : []),
  ];
}

/** "my-chart-1.2.3-rc.1" → name my-chart, version 1.2.3-rc.1 (helm history prints name-version). */
export function splitChartRef(chart: string): { name: string; version: string } {
  const m = /^(.+?)-(v?\d+\.\d+\.\d+\S*)$/.exec(chart);
  return m ? { name: m[1], version: m[2] } : { name: chart, version: '' };
}

export async function releaseViaHelm(
  target: HelmTarget,
  options: HelmRunOptions = {},
): Promise<{ status: ReleaseStatus; manifest?: string }> {
  const flags = helmTargetFlags(target);
  const base: ReleaseStatus = {
    name: target.release,
    namespace: target.namespace,
    found: false,
    source: 'helm',
    history: [],
  };
  const refused = releaseNameProblem(target.release) ?? namespaceProblem(target.namespace);
  if (refused) return { status: { ...base, error: `helm status not run: ${refused}` } };
  const status = await runHelm(['status', target.release, ...flags, '-o', 'json'], { timeoutMs: 30_000, ...options });
  if (!status.ok) {
    const text = (status.stderr || status.stdout).trim();
    if (/not found/i.test(text)) return { status: base };
    return { status: { ...base, error: `helm status failed: ${text.split('\n')[0] || `exit ${status.exitCode}`}` } };
  }
  let record: HelmReleaseRecord;
  try {
    record = JSON.parse(status.stdout);
  } catch {
    return { status: { ...base, error: 'helm status printed no JSON' } };
  }
  const history = await runHelm(['history', target.release, ...flags, '--max', '20', '-o', 'json'], {
    timeoutMs: 30_000,
    ...options,
  });
  let revisions: ReleaseRevision[] = [];
  let error: string | undefined;
  if (history.ok) {
    try {
      const rows = JSON.parse(history.stdout);
      revisions = (Array.isArray(rows) ? rows : []).map((r: any) => {
        const chart = splitChartRef(String(r?.chart ?? ''));
        return {
          revision: Number(r?.revision),
          status: String(r?.status ?? 'unknown'),
          chartName: chart.name,
          chartVersion: chart.version,
          ...(r?.app_version ? { appVersion: String(r.app_version) } : {}),
          ...(r?.description ? { description: String(r.description) } : {}),
          ...(r?.updated ? { updated: String(r.updated) } : {}),
        };
      });
      revisions.sort((a, b) => b.revision - a.revision);
    } catch {
      error = 'helm history printed no JSON';
    }
  } else {
    error = `helm history failed: ${(history.stderr || history.stdout).trim().split('\n')[0]}`;
  }
  // helm 4's `status -o json` leaves the chart out; history has chart and app version per revision.
  const current = revisions.find((r) => r.revision === record.version) ?? revisionOf(record);
  return {
    status: {
      ...base,
      found: true,
      current,
      history: revisions.length ? revisions : [current],
      ...(record.info?.notes ? { notes: record.info.notes } : {}),
      ...(error ? { error } : {}),
    },
    manifest: record.manifest,
  };
}
