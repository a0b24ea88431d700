import { quantityValue } from '../../core/quantity';
import { setKey } from '../../yaml/yaml-edits';
import { closest } from '../suggest';
import type { IntentRule } from '../rule-context';

/** Profiles must exist in the platform config; explicit requests must not exceed limits. */
export const resourceRules: IntentRule = (ctx) => {
  const seen = new Set<string>();
  const profiles = Object.keys(ctx.config.profiles);
  for (const v of ctx.views()) {
    const r = v.spec.resources;
    if (!r || typeof r !== 'object') continue;
    if (typeof r.profile === 'string' && !ctx.config.profiles[r.profile]) {
      const path = v.pathOf(['resources', 'profile']);
      const ranked = [
        ...closest(r.profile, profiles, profiles.length),
        ...profiles.filter((p) => !closest(r.profile!, profiles, profiles.length).includes(p)),
      ];
      const fixes = ranked.map((p, i) =>
        ctx.fix(`Use profile '${p}'`, [setKey(ctx.chunk, path.slice(0, -1), 'profile', p)], i === 0),
      );
      ctx.reportOnce(
        seen,
        'unknown-profile',
        'error',
        path,
        `Unknown resource profile '${r.profile}': the platform config (${ctx.config.source}) defines ${profiles.map((p) => `'${p}'`).join(', ')}.`,
        fixes,
      );
    }
    const profile = typeof r.profile === 'string' ? ctx.config.profiles[r.profile] : undefined;
    for (const res of ['cpu', 'memory'] as const) {
      const req = r.requests?.[res] ?? profile?.requests[res];
      const lim = r.limits?.[res] ?? profile?.limits[res];
      const a = quantityValue(req);
      const b = quantityValue(lim);
      if (a !== undefined && b !== undefined && a > b) {
        const path = v.pathOf(['resources', r.requests?.[res] !== undefined ? 'requests' : 'limits', res]);
        ctx.reportOnce(
          seen,
          'requests-exceed-limits',
          'error',
          path,
          `${res} request ${String(req)} is above its limit ${String(lim)}: Kubernetes rejects the pod${v.suffix}.`,
        );
      }
    }
  }
};
