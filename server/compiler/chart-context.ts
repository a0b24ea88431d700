import type { DeploymentIntent, Environment } from '../model/schema-types.generated';
import { specForEnvironment } from '../model/effective-intent';
import { labelDomainFor, type PlatformConfig } from '../model/platform-config';
import { buildValues, type ChartValues } from './values/chart-values';
import { getPath, leafPaths, setPath, valuesOverlay } from './values/values-diff';
import { valuesKeysForIntentPath } from './values/provenance';
import type { ChartContext, ChartFeatures, CompileOptions } from './types';

/** Resolves an intent into the context every file generator reads. */
export function buildChartContext(
  intent: DeploymentIntent,
  config: PlatformConfig,
  options: CompileOptions = {},
): ChartContext {
  const spec = intent.spec;
  const base = buildValues(spec, intent.metadata, config);
  const envNames = Object.keys(spec.environments ?? {});
  const envValues = envNames.map((name) => {
    const values = buildValues(specForEnvironment(spec, name), intent.metadata, config);
    for (const [dep, toggle] of Object.entries((spec.environments?.[name] as Environment).dependencies ?? {})) {
      const current = values[dep];
      if (toggle.enabled !== undefined && current && typeof current === 'object')
        values[dep] = { ...current, enabled: toggle.enabled };
    }
    return values;
  });
  const features = chartFeatures(spec.workload ?? 'deployment', [base, ...envValues]);
  for (const v of [base, ...envValues]) pruneUnused(v, features);
  return {
    intent,
    config,
    name: intent.metadata.name,
    chartVersion: options.chartVersion ?? '0.1.0',
    appVersion: appVersionOf(spec.image),
    labelDomain: labelDomainFor(config, intent.apiVersion),
    features,
    values: base,
    environments: envNames.map((name, i) => {
      const namespace = (spec.environments?.[name] as Environment).namespace;
      return {
        name,
        ...(namespace ? { namespace } : {}),
        overrides: environmentOverlay(intent, name, base, envValues[i]),
      };
    }),
  };
}

function chartFeatures(workload: ChartFeatures['workload'], all: ChartValues[]): ChartFeatures {
  const any = (test: (v: ChartValues) => boolean) => all.some(test);
  const progressive = (v: ChartValues) => v.rollout.strategy !== 'rolling';
  return {
    workload,
    canary: any((v) => v.rollout.strategy === 'canary'),
    blueGreen: any((v) => v.rollout.strategy === 'blueGreen'),
    analysis: any((v) => progressive(v) && !!v.rollout.analysis?.enabled),
    externalSecrets: any((v) => v.secrets.some((s) => s.externalSecret)),
    migrations: any((v) => !!v.migrations),
    serviceMonitor: any((v) => v.metrics.enabled && !!v.metrics.serviceMonitor?.enabled),
    metricsOwnPort: any((v) => v.metrics.enabled && v.metrics.port !== v.containerPort),
  };
}

/** Removes values blocks whose templates the chart does not have, so no key is a dead switch. */
function pruneUnused(v: ChartValues, f: ChartFeatures): void {
  if (!f.canary) delete v.rollout.canary;
  if (!f.blueGreen) delete v.rollout.blueGreen;
  if (!f.analysis) delete v.rollout.analysis;
  if (!f.externalSecrets) delete v.externalSecrets;
  if (!f.serviceMonitor) delete v.metrics.serviceMonitor;
  if (!f.migrations) delete v.migrations;
  if (f.workload !== 'statefulset') delete v.persistence;
}

/** Chart appVersion: the image tag, else the digest's first 12 hex digits, else `latest`. */
function appVersionOf(image: DeploymentIntent['spec']['image']): string {
  if (image.tag) return image.tag;
  if (image.digest) return image.digest.slice('sha256:'.length, 'sha256:'.length + 12);
  return 'latest';
}

/**
 * values-<env>.yaml content: every values key the environment's intent block sets (even when equal
 * to the default, so the file states the environment's replicas and resources), plus whatever
 * else its settings change (e.g. `pdb.enabled` for a single replica).
 */
function environmentOverlay(
  intent: DeploymentIntent,
  env: string,
  base: ChartValues,
  values: ChartValues,
): Record<string, unknown> {
  const overlay = valuesOverlay(base, values);
  const block = intent.spec.environments?.[env] ?? {};
  for (const leaf of leafPaths(block)) {
    for (const key of valuesKeysForIntentPath(`spec.environments.${env}.${leaf}`, intent).keys) {
      const value = getPath(values, key);
      if (value !== undefined && getPath(overlay, key) === undefined) setPath(overlay, key, value);
    }
  }
  return sortLike(overlay, values) as Record<string, unknown>;
}

/** Orders an overlay's keys like the full values, so every values file reads in the same order. */
function sortLike(overlay: unknown, reference: unknown): unknown {
  if (!overlay || typeof overlay !== 'object' || Array.isArray(overlay)) return overlay;
  const ref = (reference && typeof reference === 'object' ? reference : {}) as Record<string, unknown>;
  const keys = Object.keys(overlay);
  const order = Object.keys(ref);
  keys.sort(
    (a, b) => (order.indexOf(a) + 1 || Infinity) - (order.indexOf(b) + 1 || Infinity) || (a < b ? -1 : a > b ? 1 : 0),
  );
  return Object.fromEntries(keys.map((k) => [k, sortLike((overlay as Record<string, unknown>)[k], ref[k])]));
}
