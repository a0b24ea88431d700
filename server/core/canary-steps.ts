import type { CanaryStep } from '../model/schema-types.generated';

/**
 * The canary steps of an intent that names none: what the compiler renders and what the
 * "Add default canary steps" quick fix writes, so fixing the warning leaves the chart unchanged.
 */
export const DEFAULT_CANARY_STEPS: readonly CanaryStep[] = [
  { setWeight: 20 },
  { pause: { duration: '1m' } },
  { setWeight: 50 },
  { pause: { duration: '1m' } },
  { setWeight: 100 },
];
