/** HorizontalPodAutoscaler summaries (autoscaling/v2, and v1's targetCPUUtilizationPercentage). */
import type { HpaStatus } from '../protocol/status-protocol';

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function hpaSummary(h: any): HpaStatus {
  const spec = h?.spec ?? {};
  const status = h?.status ?? {};
  const metrics: HpaStatus['metrics'] = [];
  if (Array.isArray(spec.metrics)) {
    const current: any[] = Array.isArray(status.currentMetrics) ? status.currentMetrics : [];
    for (const m of spec.metrics) {
      const name = metricName(m);
      const cur = current.find((c) => c?.type === m?.type && metricName(c) === name);
      metrics.push({
        name,
        ...optional('target', metricValue(m, 'target')),
        ...optional('current', metricValue(cur, 'current')),
      });
    }
  } else if (typeof spec.targetCPUUtilizationPercentage === 'number') {
    metrics.push({
      name: 'cpu',
      target: `${spec.targetCPUUtilizationPercentage}%`,
      ...(typeof status.currentCPUUtilizationPercentage === 'number'
        ? { current: `${status.currentCPUUtilizationPercentage}%` }
        : {}),
    });
  }
  const failing = (Array.isArray(status.conditions) ? status.conditions : []).find(
    (c: any) => c?.status === 'False' && (c?.type === 'ScalingActive' || c?.type === 'AbleToScale'),
  );
  return {
    name: String(h?.metadata?.name ?? ''),
    namespace: String(h?.metadata?.namespace ?? ''),
    target: { kind: String(spec.scaleTargetRef?.kind ?? ''), name: String(spec.scaleTargetRef?.name ?? '') },
    ...(typeof spec.minReplicas === 'number' ? { minReplicas: spec.minReplicas } : {}),
    maxReplicas: num(spec.maxReplicas),
    currentReplicas: num(status.currentReplicas),
    desiredReplicas: num(status.desiredReplicas),
    metrics,
    ...(failing
      ? { problem: `${failing.type} ${failing.reason ?? ''}${failing.message ? `: ${failing.message}` : ''}`.trim() }
      : {}),
  };
}

function optional(key: 'target' | 'current', v: string | undefined): Record<string, string> {
  return v === undefined ? {} : { [key]: v };
}

function metricName(m: any): string {
  const src = m?.resource ?? m?.containerResource ?? m?.pods ?? m?.object ?? m?.external;
  return String(src?.name ?? src?.metric?.name ?? m?.type ?? 'metric');
}

function metricValue(m: any, field: 'target' | 'current'): string | undefined {
  const src = m?.resource ?? m?.containerResource ?? m?.pods ?? m?.object ?? m?.external;
  const v = src?.[field];
  if (!v) return undefined;
  if (typeof v.averageUtilization === 'number') return `${v.averageUtilization}%`;
  if (v.averageValue !== undefined) return String(v.averageValue);
  if (v.value !== undefined) return String(v.value);
  return undefined;
}
