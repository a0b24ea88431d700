import type { DeploymentIntent, Environment } from '../model/schema-types.generated';
import { specForEnvironment } from '../model/effective-intent';
import { labelDomainFor, type PlatformConfig } from '../model/platform-config';
import { buildValues, type ChartValues } from './values/chart-values';
import { valuesOverlay } from './values/values-diff';
import type { ChartContext, ChartFeatures, CompileOptions } from './types';

const PRE_HOOK = /(^|,)pre-(install|upgrade)/;

/** Resolves an intent into the context every file generator reads. */
export function buildChartContext(intent: DeploymentIntent, config: PlatformConfig, options: CompileOptions = {}): ChartContext {
  const spec = intent.spec;
  const base = buildValues(spec, intent.metadata, config);
  const envNames = Object.keys(spec.environments ?? {});
  const envValues = envNames.map((name) => {
    const values = buildValues(specForEnvironment(spec, name), intent.metadata, config);
    for (const [dep, toggle] of Object.entries((spec.environments?.[name] as Environment).dependencies ?? {})) {
      const current = values[dep];
      if (toggle.enabled !== undefined && current && typeof current === 'object') values[dep] = { ...current, enabled: toggle.enabled };
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
      return { name, ...(namespace ? { namespace } : {}), overrides: valuesOverlay(base, envValues[i]) };
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

/** True when some values set runs a pre-install/pre-upgrade migration hook. */
export function hasPreMigrationHook(ctx: ChartContext): boolean {
  return [ctx.values.migrations?.hook, ...ctx.environments.map((e) => (e.overrides.migrations as { hook?: string } | undefined)?.hook)].some((h) => !!h && PRE_HOOK.test(h));
}
