import type { IntentRule } from '../rule-context';
import { canaryRules } from './canary';
import { dependencyRules } from './dependencies';
import { exposureRules } from './exposure';
import { imageRules } from './image';
import { probeRules } from './probes';
import { replicaRules } from './replicas';
import { resourceRules } from './resources';
import { secretRules } from './secrets';
import { securityRules } from './security';
import { tierPolicyRules } from './tier-policy';

/** Semantic rules of a DeploymentIntent, run after the schema check. */
export const DEPLOYMENT_INTENT_RULES: IntentRule[] = [
  replicaRules,
  canaryRules,
  imageRules,
  probeRules,
  secretRules,
  resourceRules,
  securityRules,
  exposureRules,
  tierPolicyRules,
  dependencyRules,
];
