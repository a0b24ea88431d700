import { stringify } from 'yaml';
import type { PlatformConfig } from '../model/platform-config';
import type { Tier } from '../model/schema-types.generated';

/** `medium` → a table of what the profile expands to under the current platform config. */
export function profileSummary(name: string, config: PlatformConfig): string | undefined {
  const p = config.profiles[name];
  if (!p) return undefined;
  return [
    `**Profile \`${name}\`**${p.description ? ` — ${p.description}` : ''} (from ${config.source})`,
    '',
    '| | CPU | Memory |',
    '|---|---|---|',
    `| requests | ${p.requests.cpu ?? '—'} | ${p.requests.memory ?? '—'} |`,
    `| limits | ${p.limits.cpu ?? '—'} | ${p.limits.memory ?? '—'} |`,
  ].join('\n');
}

/** `production` → the policies that tier triggers. */
export function tierSummary(tier: Tier, config: PlatformConfig): string | undefined {
  const p = config.tiers[tier];
  if (!p) return undefined;
  const lines = [
    `at least **${p.minReplicas}** replica(s)`,
    p.requirePinnedTag ? 'image tag pinned (no `latest`)' : 'any image tag allowed',
    p.requireDigest ? 'image digest required' : undefined,
    p.requireCanary ? 'canary or blue-green rollout required' : undefined,
    p.requireProbes ? 'health probe required' : undefined,
    p.requireNetworkPolicy ? 'NetworkPolicy required' : undefined,
    p.requirePdb ? 'PodDisruptionBudget kept when more than one replica runs' : undefined,
    p.defaultProfile ? `default resource profile \`${p.defaultProfile}\`` : undefined,
  ].filter(Boolean);
  return [`**Tier \`${tier}\` policy** (from ${config.source}):`, '', ...lines.map((l) => `- ${l}`)].join('\n');
}

/** A ServiceIntent keyword → the DeploymentIntent settings it stands for. */
export function keywordSummary(keyword: string, config: PlatformConfig): string | undefined {
  const k = config.keywords[keyword];
  if (!k) return config.profiles[keyword] ? profileSummary(keyword, config) : undefined;
  return [
    `**Keyword \`${keyword}\`**${k.description ? ` — ${k.description}` : ''} (from ${config.source}) expands to:`,
    '',
    '```yaml',
    stringify(k.sets, { lineWidth: 0 }).trimEnd(),
    '```',
  ].join('\n');
}
