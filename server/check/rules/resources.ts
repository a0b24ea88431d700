import { setKey } from '../../yaml/yaml-edits';
import { closest } from '../suggest';
import type { IntentRule } from '../rule-context';

/** Parses a Kubernetes quantity into a number (cores or bytes); undefined if malformed. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^([0-9.]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const mult: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  return n * (m[2] ? mult[m[2]] : 1);
}

/** Profiles must exist in the platform config; explicit requests must not exceed limits. */
export const resourceRules: IntentRule = (ctx) => {
  const seen = new Set<string>();
  const profiles = Object.keys(ctx.config.profiles);
  for (const v of ctx.views()) {
    const r = v.spec.resources;
    if (!r || typeof r !== 'object') continue;
    if (typeof r.profile === 'string' && !ctx.config.profiles[r.profile]) {
      const path = v.pathOf(['resources', 'profile']);
      const ranked = [...closest(r.profile, profiles, profiles.length), ...profiles.filter((p) => !closest(r.profile!, profiles, profiles.length).includes(p))];
      const fixes = ranked.map((p, i) => ctx.fix(`Use profile '${p}'`, [setKey(ctx.chunk, path.slice(0, -1), 'profile', p)], i === 0));
      ctx.reportOnce(seen, 'unknown-profile', 'error', path, `Unknown resource profile '${r.profile}': the platform config (${ctx.config.source}) defines ${profiles.map((p) => `'${p}'`).join(', ')}.`, fixes);
    }
    const profile = typeof r.profile === 'string' ? ctx.config.profiles[r.profile] : undefined;
    for (const res of ['cpu', 'memory'] as const) {
      const req = r.requests?.[res] ?? profile?.requests[res];
      const lim = r.limits?.[res] ?? profile?.limits[res];
      const a = parseQuantity(req);
      const b = parseQuantity(lim);
      if (a !== undefined && b !== undefined && a > b) {
        const path = v.pathOf(['resources', r.requests?.[res] !== undefined ? 'requests' : 'limits', res]);
        ctx.reportOnce(seen, 'requests-exceed-limits', 'error', path, `${res} request ${String(req)} is above its limit ${String(lim)}: Kubernetes rejects the pod${v.suffix}.`);
      }
    }
  }
};
