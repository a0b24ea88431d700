import { setKey } from '../../yaml/yaml-edits';
import type { IntentRule } from '../rule-context';
import { DEFAULT_CANARY_STEPS } from '../../core/canary-steps';

/** Tier policies of the platform config that are not about replicas, images or probes. */
export const tierPolicyRules: IntentRule = (ctx) => {
  const seen = new Set<string>();
  for (const v of ctx.views()) {
    const strategy = v.spec.rollout?.strategy ?? 'rolling';
    if (v.policy.requireCanary && strategy === 'rolling') {
      const hasRollout = ctx.has(v.pathOf(['rollout']));
      const edits = hasRollout
        ? [
            setKey(ctx.chunk, v.pathOf(['rollout']), 'strategy', 'canary'),
            ...(v.spec.rollout?.steps ? [] : [setKey(ctx.chunk, v.pathOf(['rollout']), 'steps', DEFAULT_CANARY_STEPS)]),
          ]
        : [setKey(ctx.chunk, ['spec'], 'rollout', { strategy: 'canary', steps: DEFAULT_CANARY_STEPS })];
      ctx.reportOnce(
        seen,
        'tier-canary-required',
        'error',
        hasRollout ? v.pathOf(['rollout', 'strategy']) : v.pathOf(['tier']),
        `Tier '${v.tier}' requires a progressive rollout (canary or blueGreen)${v.suffix}.`,
        [ctx.fix('Use a canary rollout', edits, true)],
        hasRollout,
      );
    }
    if (v.policy.requireNetworkPolicy && (!v.spec.networkPolicy || v.spec.networkPolicy.enabled === false)) {
      ctx.reportOnce(
        seen,
        'tier-network-policy-required',
        'error',
        v.pathOf(['tier']),
        `Tier '${v.tier}' requires a NetworkPolicy${v.suffix}.`,
        [ctx.fix('Add networkPolicy', [setKey(ctx.chunk, ['spec', 'networkPolicy'], 'enabled', true)], true)],
      );
    }
    const replicas = v.spec.autoscaling?.enabled ? (v.spec.autoscaling.minReplicas ?? 1) : (v.spec.replicas ?? 1);
    if (v.policy.requirePdb && v.spec.pdb?.enabled === false && replicas > 1) {
      ctx.reportOnce(
        seen,
        'tier-pdb-required',
        'error',
        v.pathOf(['pdb', 'enabled']),
        `Tier '${v.tier}' keeps a PodDisruptionBudget for services with more than one replica${v.suffix}.`,
        [ctx.fix('Enable the PDB', [setKey(ctx.chunk, v.pathOf(['pdb']), 'enabled', true)], true)],
      );
    }
  }
};
