import type { PlatformConfigFile } from '../model/schema-types.generated';
import type { ResourceProfile } from '../model/platform-config';
import { isPlainObject } from '../model/effective-intent';
import type { RuleContext } from './rule-context';
import { quantityValue } from '../core/quantity';
import deploymentIntentSchema from '../../schemas/deployment-intent.schema.json';

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
      if (a !== undefined && b !== undefined && a > b)
        ctx.report(
          'requests-exceed-limits',
          'error',
          ['profiles', name, 'requests', res],
          `Profile '${name}': ${res} request is above its limit.`,
        );
    }
  }
  outputDirRule(ctx, file);
  keywordEnvironmentRule(ctx, file);
  for (const [tier, policy] of Object.entries(isPlainObject(file.tiers) ? file.tiers : {})) {
    const dp = (policy as { defaultProfile?: unknown } | undefined)?.defaultProfile;
    if (typeof dp === 'string' && !profiles.has(dp))
      ctx.report(
        'unknown-profile',
        'error',
        ['tiers', tier, 'defaultProfile'],
        `Tier '${tier}' defaults to profile '${dp}', which is not defined.`,
      );
  }
}

/** Generated charts are written under the config's folder: `../x` or an absolute chartOutputDir would write elsewhere. */
function outputDirRule(ctx: RuleContext<unknown>, file: PlatformConfigFile): void {
  const dir = (file as { chartOutputDir?: unknown }).chartOutputDir;
  if (typeof dir !== 'string') return;
  const normal = dir.replace(/\\/g, '/');
  const escapes =
    normal.startsWith('/') ||
    /^[A-Za-z]:/.test(normal) ||
    normal
      .split('/')
      .reduce(
        (depth, part) => (depth < 0 ? depth : part === '..' ? depth - 1 : part && part !== '.' ? depth + 1 : depth),
        0,
      ) < 0;
  if (escapes)
    ctx.report(
      'chart-output-outside',
      'error',
      ['chartOutputDir'],
      `chartOutputDir '${dir}' leaves the folder of .helm-intent.yaml: generated charts must stay inside the workspace (use a relative path such as charts).`,
    );
}

/** The intent schema's rule for environment names (its `environments.propertyNames`): one source for both checks. */
const ENVIRONMENT_NAME = new RegExp(
  deploymentIntentSchema.definitions.spec.properties.environments.propertyNames.pattern,
);

/** Keywords merge into an intent after its schema check, so their environment names are checked here (each becomes values-<name>.yaml). */
function keywordEnvironmentRule(ctx: RuleContext<unknown>, file: PlatformConfigFile): void {
  for (const [keyword, def] of Object.entries(isPlainObject(file.keywords) ? file.keywords : {})) {
    const envs = (def as { sets?: { environments?: unknown } } | undefined)?.sets?.environments;
    if (!isPlainObject(envs)) continue;
    for (const name of Object.keys(envs)) {
      // 63: a DNS-1123 label's length limit, which the schema's pattern does not carry.
      if (!ENVIRONMENT_NAME.test(name) || name.length > 63) {
        ctx.report(
          'invalid-environment-name',
          'error',
          ['keywords', keyword, 'sets', 'environments', name],
          `Keyword '${keyword}' sets environment '${name}', which is not a DNS-1123 label: it would become a file name (values-${name}.yaml).`,
        );
      }
    }
  }
}
