import type { PlatformConfigFile } from '../model/schema-types.generated';
import type { ResourceProfile } from '../model/platform-config';
import { isPlainObject } from '../model/effective-intent';
import type { RuleContext } from './rule-context';
import { quantityValue } from '../core/quantity';

/** Semantic checks of `.helm-intent.yaml`: profiles consistent, tier defaults naming real profiles. */
export function platformConfigRules(ctx: RuleContext<unknown>): void {
  const file = ctx.intent as PlatformConfigFile;
  if (!isPlainObject(file)) return;
  const profiles = new Set(Object.keys(ctx.config.profiles));
  for (const [name, p] of Object.entries(isPlainObject(file.profiles) ? file.profiles : {})) {
    if (!isPlainObject(p)) continue;
    const profile = p as unknown as Partial<ResourceProfile>;
    profiles.add(name);
    for (const res of ['cpu', 'memory'] as const) {
      const a = quantityValue(profile.requests?.[res]);
      const b = quantityValue(profile.limits?.[res]);
      if (a !== undefined && b !== undefined && a > b) ctx.report('requests-exceed-limits', 'error', ['profiles', name, 'requests', res], `Profile '${name}': ${res} request is above its limit.`);
    }
  }
  for (const [tier, policy] of Object.entries(isPlainObject(file.tiers) ? file.tiers : {})) {
    const dp = (policy as { defaultProfile?: unknown } | undefined)?.defaultProfile;
    if (typeof dp === 'string' && !profiles.has(dp)) ctx.report('unknown-profile', 'error', ['tiers', tier, 'defaultProfile'], `Tier '${tier}' defaults to profile '${dp}', which is not defined.`);
  }
}
