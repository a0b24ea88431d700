/**
 * The one owner of "which environments does a chart render for": the review pipeline, the Chart
 * Review fallback, the AI validator and the GitOps export all ask here, so they agree on names,
 * namespaces, tiers and values files (`values-<env>.yaml` or `.yml`).
 */
import { specForEnvironment, toDeploymentIntent, type AnyIntent } from '../model/effective-intent';
import type { PlatformConfig } from '../model/platform-config';

/** Name of the render with values.yaml alone (`values.yaml` when an environment is itself called `default`). */
export const BASE_ENVIRONMENT = 'default';

export type Tier = 'development' | 'staging' | 'production';

export interface PlannedEnvironment {
  name: string;
  namespace: string;
  tier?: Tier;
  /** Chart-relative values files layered over values.yaml; empty for the base render. */
  valuesFiles: string[];
}

/** The environment a chart values file stands for: `values-prod.yml` → `prod` (plain names only). */
export function environmentOfValuesFile(file: string): string | undefined {
  return /^values-([A-Za-z0-9_.-]+)\.ya?ml$/.exec(file)?.[1];
}

/** The values file of an environment among the chart's files; `.yaml` wins over `.yml`. */
export function valuesFileOf(env: string, files: Iterable<string>): string | undefined {
  const names = new Set(files);
  return [`values-${env}.yaml`, `values-${env}.yml`].find((f) => names.has(f));
}

/**
 * What a chart for this intent must render for, before any file exists: values.yaml alone, then each
 * environment's values-<env>.yaml (as the generator writes it) in the namespace and tier it deploys with.
 */
export function intentEnvironments(intent: AnyIntent, config: PlatformConfig): PlannedEnvironment[] {
  const deployment = toDeploymentIntent(intent, config);
  const baseNamespace = deployment.metadata.namespace ?? 'default';
  const named = Object.entries(deployment.spec.environments ?? {}).map(([name, env]) => ({
    name,
    namespace: env?.namespace ?? baseNamespace,
    tier: specForEnvironment(deployment.spec, name).tier as Tier | undefined,
    valuesFiles: [`values-${name}.yaml`],
  }));
  return [base(named, baseNamespace, deployment.spec.tier as Tier | undefined), ...named];
}

/**
 * The environments of an existing chart: values.yaml alone first, then those of its intent that have a
 * values file, then every other values-<env>.yaml/.yml (in the base namespace), by name.
 */
export function chartEnvironments(
  intent: AnyIntent | undefined,
  valuesFiles: Iterable<string>,
  config: PlatformConfig,
): PlannedEnvironment[] {
  const files = [...valuesFiles];
  const planned = intent ? intentEnvironments(intent, config) : [];
  const baseNamespace = planned[0]?.namespace ?? 'default';
  const named: PlannedEnvironment[] = [];
  for (const env of planned.slice(1)) {
    const file = valuesFileOf(env.name, files);
    if (file) named.push({ ...env, valuesFiles: [file] });
  }
  const extra = files
    .map((f) => ({ name: environmentOfValuesFile(f), file: f }))
    .filter(
      (e): e is { name: string; file: string } =>
        !!e.name && !named.some((n) => n.name === e.name) && valuesFileOf(e.name, files) === e.file,
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  named.push(...extra.map((e) => ({ name: e.name, namespace: baseNamespace, valuesFiles: [e.file] })));
  return [base(named, baseNamespace, planned[0]?.tier), ...named];
}

function base(named: PlannedEnvironment[], namespace: string, tier: Tier | undefined): PlannedEnvironment {
  const name = named.some((e) => e.name === BASE_ENVIRONMENT) ? 'values.yaml' : BASE_ENVIRONMENT;
  return { name, namespace, ...(tier ? { tier } : {}), valuesFiles: [] };
}
