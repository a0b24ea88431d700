import { setKey } from '../../yaml/yaml-edits';
import type { IntentRule } from '../rule-context';

/** autoscaling bounds, and the tier's replica minimum, in every environment. */
export const replicaRules: IntentRule = (ctx) => {
  const seen = new Set<string>();
  for (const v of ctx.views()) {
    const as = v.spec.autoscaling;
    const min = as?.minReplicas ?? 1;
    const max = as?.maxReplicas ?? 3;
    if (as && typeof min === 'number' && typeof max === 'number' && min > max) {
      const path = v.pathOf(['autoscaling', 'minReplicas']);
      const edit = ctx.has(path) ? setKey(ctx.chunk, path.slice(0, -1), 'minReplicas', max) : undefined;
      ctx.reportOnce(
        seen,
        'autoscaling-min-gt-max',
        'error',
        ctx.has(path) ? path : v.pathOf(['autoscaling']),
        `autoscaling.minReplicas (${min}) is greater than maxReplicas (${max})${v.suffix}.`,
        [ctx.fix(`Set minReplicas to ${max}`, [edit], true)],
      );
    }
    const required = v.policy.minReplicas;
    const autoscaled = as?.enabled === true;
    const effective = autoscaled ? min : (v.spec.replicas ?? 1);
    if (typeof effective === 'number' && effective < required) {
      const field = autoscaled ? ['autoscaling', 'minReplicas'] : ['replicas'];
      const path = v.pathOf(field);
      const target = ctx.has(path) ? path : v.pathOf(['tier']);
      const mapPath = path.slice(0, -1);
      const edit = setKey(ctx.chunk, mapPath, String(field[field.length - 1]), required);
      ctx.reportOnce(
        seen,
        'tier-min-replicas',
        'error',
        target,
        `Tier '${v.tier}' needs at least ${required} replicas; this runs ${effective}${v.suffix}.`,
        [ctx.fix(`Set ${field.join('.')} to ${required}`, [edit], true)],
      );
    }
  }
};
