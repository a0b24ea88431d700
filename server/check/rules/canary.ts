import { appendItem, replaceValue, setKey } from '../../yaml/yaml-edits';
import type { IntentRule } from '../rule-context';
import { DEFAULT_CANARY_STEPS } from '../../core/canary-steps';

/** Canary steps: weights strictly increasing within 0–100 and ending at 100; strategy/steps agree. */
export const canaryRules: IntentRule = (ctx) => {
  const seen = new Set<string>();
  for (const v of ctx.views()) {
    const rollout = v.spec.rollout;
    if (!rollout || typeof rollout !== 'object') continue;
    const stepsPath = v.pathOf(['rollout', 'steps']);
    const steps = Array.isArray(rollout.steps) ? rollout.steps : undefined;
    const strategy = rollout.strategy ?? 'rolling';
    if (strategy === 'canary' && !steps) {
      const edit = setKey(ctx.chunk, v.pathOf(['rollout']), 'steps', DEFAULT_CANARY_STEPS);
      ctx.reportOnce(
        seen,
        'canary-steps-missing',
        'warning',
        v.pathOf(['rollout', 'strategy']),
        `A canary rollout without steps shifts all traffic at once${v.suffix}. Add steps such as 20% → pause → 50% → pause → 100%.`,
        [ctx.fix('Add default canary steps', [edit], true)],
      );
    }
    if (steps && strategy !== 'canary') {
      ctx.reportOnce(
        seen,
        'canary-steps-ignored',
        'warning',
        stepsPath,
        `rollout.steps only apply to strategy 'canary' (strategy is '${strategy}')${v.suffix}.`,
        [ctx.fix("Set strategy to 'canary'", [setKey(ctx.chunk, v.pathOf(['rollout']), 'strategy', 'canary')], true)],
        false,
      );
    }
    if (rollout.analysis && strategy === 'rolling') {
      ctx.reportOnce(
        seen,
        'analysis-needs-progressive',
        'warning',
        v.pathOf(['rollout', 'analysis']),
        `Canary analysis needs strategy 'canary' or 'blueGreen'${v.suffix}.`,
        [],
        false,
      );
    }
    if (strategy !== 'rolling' && v.spec.workload === 'statefulset') {
      ctx.reportOnce(
        seen,
        'progressive-statefulset',
        'error',
        v.pathOf(['workload']),
        `Argo Rollouts cannot run a StatefulSet: use workload 'deployment' or strategy 'rolling'${v.suffix}.`,
      );
    }
    if (!steps || strategy !== 'canary') continue;
    let last = -1;
    let lastIndex = -1;
    steps.forEach((step, i) => {
      const w = (step as { setWeight?: unknown })?.setWeight;
      if (typeof w !== 'number') return;
      if (w <= last) {
        ctx.reportOnce(
          seen,
          'canary-weight-order',
          'error',
          [...stepsPath, i, 'setWeight'],
          `Canary weights must increase: ${w} follows ${last}${v.suffix}.`,
        );
      }
      last = Math.max(last, w);
      lastIndex = i;
    });
    const finalWeight = lastIndex >= 0 ? (steps[lastIndex] as { setWeight: number }).setWeight : undefined;
    if (finalWeight !== 100) {
      const atLast = lastIndex >= 0 && lastIndex === steps.length - 1;
      const fix = atLast
        ? ctx.fix(
            'Set the final weight to 100',
            [replaceValue(ctx.chunk, [...stepsPath, lastIndex, 'setWeight'], 100)],
            true,
          )
        : ctx.fix('Add a final step setWeight: 100', [appendItem(ctx.chunk, stepsPath, { setWeight: 100 })], true);
      const where = lastIndex >= 0 ? [...stepsPath, lastIndex, 'setWeight'] : stepsPath;
      ctx.reportOnce(
        seen,
        'canary-final-weight',
        'error',
        where,
        `The last canary weight must be 100 so the rollout completes${finalWeight === undefined ? '' : ` (it is ${finalWeight})`}${v.suffix}.`,
        [fix],
        lastIndex >= 0,
      );
    }
  }
};
