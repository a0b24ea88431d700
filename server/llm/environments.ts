import { toDeploymentIntent, type AnyIntent } from '../model/effective-intent';
import type { PlatformConfig } from '../model/platform-config';
import type { ValidationEnvironment } from './types';

/** Name of the render with values.yaml alone. */
export const BASE_ENVIRONMENT = '(base)';

/**
 * What a chart for this intent must render for: values.yaml alone, then each environment's
 * values-<env>.yaml in the namespace it deploys to.
 */
export function validationEnvironments(intent: AnyIntent, config: PlatformConfig): ValidationEnvironment[] {
  const deployment = toDeploymentIntent(intent, config);
  const defaultNamespace = deployment.metadata.namespace;
  const envs: ValidationEnvironment[] = [{ name: BASE_ENVIRONMENT, ...(defaultNamespace ? { namespace: defaultNamespace } : {}) }];
  for (const [name, env] of Object.entries(deployment.spec.environments ?? {})) {
    const namespace = env?.namespace ?? defaultNamespace;
    envs.push({ name, valuesFile: `values-${name}.yaml`, ...(namespace ? { namespace } : {}) });
  }
  return envs;
}
