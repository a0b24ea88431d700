import type { DeploymentIntent } from '../model/schema-types.generated';
import type { PlatformConfig } from '../model/platform-config';
import type { ChartValues } from './values/chart-values';

/** One generated file; `path` is relative to the chart root and uses `/`. */
export interface ChartFile {
  path: string;
  content: string;
}

export interface CompileOptions {
  /** Chart `version` (exact SemVer). Default `0.1.0`. */
  chartVersion?: string;
}

/** What the chart must support across its base values and every environment. */
export interface ChartFeatures {
  workload: 'deployment' | 'statefulset';
  canary: boolean;
  blueGreen: boolean;
  analysis: boolean;
  externalSecrets: boolean;
  /** The intent has a migration Job (hooks/pre-upgrade-migration.yaml). */
  migrations: boolean;
  serviceMonitor: boolean;
  /** Metrics are served on a port other than the container port. */
  metricsOwnPort: boolean;
}

/** Everything a file generator may read. Generators are pure functions of this context. */
export interface ChartContext {
  intent: DeploymentIntent;
  config: PlatformConfig;
  name: string;
  chartVersion: string;
  appVersion: string;
  labelDomain: string;
  features: ChartFeatures;
  values: ChartValues;
  /** values-<env>.yaml contents (the keys the environment sets plus what else differs), in intent order. */
  environments: Array<{ name: string; namespace?: string; overrides: Record<string, unknown> }>;
}
