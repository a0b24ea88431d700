import { parseImageReference } from '../../model/effective-intent';
import type { ServiceIntent, Tier } from '../../model/schema-types.generated';
import { replaceValue } from '../../yaml/yaml-edits';
import type { RuleContext } from '../rule-context';
import { closest } from '../suggest';
import { checkImage } from './image';

const BUILT_IN_EXPOSURES = ['internal', 'public-ingress'];

/** ServiceIntent: every keyword must be defined by the platform config; the image obeys the tier. */
export function serviceIntentRules(ctx: RuleContext<ServiceIntent>): void {
  const spec = ctx.intent.spec;
  if (!spec || typeof spec !== 'object') return;
  const keywords = Object.keys(ctx.config.keywords);
  const check = (path: (string | number)[], value: unknown, extra: string[], what: string) => {
    if (typeof value !== 'string' || ctx.config.keywords[value] || extra.includes(value)) return;
    const options = [...new Set([...keywords, ...extra])];
    const near = closest(value, options, 3);
    ctx.report(
      'unknown-keyword',
      'error',
      path,
      `'${value}' is not a ${what} keyword of the platform config (${ctx.config.source}). Known: ${options.join(', ')}.`,
      near.map((k, i) => ctx.fix(`Change to '${k}'`, [replaceValue(ctx.chunk, path, k)], i === 0)),
    );
  };
  check(['spec', 'workload', 'resources'], spec.workload?.resources, Object.keys(ctx.config.profiles), 'resources');
  check(['spec', 'networking', 'exposure'], spec.networking?.exposure, BUILT_IN_EXPOSURES, 'exposure');
  check(['spec', 'networking', 'authPolicy'], spec.networking?.authPolicy, [], 'auth policy');
  check(['spec', 'observability', 'metrics'], spec.observability?.metrics, [], 'metrics');
  const image =
    typeof spec.workload?.containerImage === 'string' ? parseImageReference(spec.workload.containerImage) : undefined;
  if (image) {
    const tier: Tier = spec.tier ?? 'production';
    const path = ['spec', 'workload', 'containerImage'];
    checkImage(
      ctx as RuleContext<unknown>,
      new Set(),
      image,
      { repository: path, tag: path, image: path, tagEditable: false },
      tier,
      ctx.config.tiers[tier],
      '',
    );
  }
}
