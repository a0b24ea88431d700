import type { ChartMeta } from './chart-version';
import type { ChartSourceSpec } from './chart-source';
import type { Values } from './values';

/** Everything a manifest builder needs, checked and defaulted (see export.ts). */
export interface ResolvedExport {
  chart: ChartMeta;
  /** Helm release name (also what the status panel looks the HelmRelease/Application up by). */
  release: string;
  environment: string;
  /** Namespace the release deploys to. */
  namespace: string;
  /** Namespace of the Flux/Argo CD objects (flux-system, argocd). */
  controllerNamespace: string;
  /** `<release>-<environment>`: one object per environment, side by side in the controller namespace. */
  objectName: string;
  labels: Record<string, string>;
  source: ChartSourceSpec;
  /** Inlined values (Helm repository / OCI sources). */
  values?: Record<string, unknown>;
  /** Chart-relative values files (Git source). */
  valuesFiles?: string[];
  /** Go duration, e.g. 5m0s. */
  timeout: string;
  retries: number;
  /** Reconcile interval (Flux). */
  interval: string;
  argocdProject: string;
  destinationServer: string;
}

export type { Values };
