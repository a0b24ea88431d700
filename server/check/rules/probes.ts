import { replaceValue, setKey } from '../../yaml/yaml-edits';
import type { IntentRule } from '../rule-context';

/** Probe ports must be a port the container serves; tiers may require a probe at all. */
export const probeRules: IntentRule = (ctx) => {
  const seen = new Set<string>();
  for (const v of ctx.views()) {
    const s = v.spec;
    const containerPort = typeof s.port === 'number' ? s.port : 8080;
    const metricsPort = s.observability?.metrics?.port;
    const ports = new Set([containerPort, ...(typeof metricsPort === 'number' ? [metricsPort] : [])]);
    const probes: Array<[string[], unknown]> = [[['probe'], s.probe]];
    for (const k of ['liveness', 'readiness', 'startup'])
      probes.push([['probes', k], (s.probes as Record<string, unknown> | undefined)?.[k]]);
    for (const [field, probe] of probes) {
      const port = (probe as { port?: unknown } | undefined)?.port;
      if (typeof port !== 'number' || ports.has(port)) continue;
      const path = v.pathOf([...field, 'port']);
      ctx.reportOnce(
        seen,
        'probe-port-mismatch',
        'error',
        path,
        `Probe port ${port} is not a port of the container (${[...ports].join(', ')}): the probe would always fail${v.suffix}.`,
        [ctx.fix(`Use container port ${containerPort}`, [replaceValue(ctx.chunk, path, containerPort)], true)],
      );
    }
    const hasProbe = !!s.probe || !!s.probes?.liveness || !!s.probes?.readiness;
    if (v.policy.requireProbes && !hasProbe) {
      const edit = setKey(ctx.chunk, ['spec'], 'probe', { path: '/healthz', port: containerPort });
      ctx.reportOnce(
        seen,
        'tier-probe-required',
        'error',
        v.pathOf(['tier']),
        `Tier '${v.tier}' requires a health probe: add 'probe: {path, port}'${v.suffix}.`,
        [ctx.fix('Add probe /healthz', [edit], true)],
      );
    }
  }
};
