/**
 * GitOps hand-off: a chart and one of its environments as a Flux HelmRelease or an Argo CD
 * Application, pinned to the exact chart version of Chart.yaml, with the environment's values
 * (inlined for Helm/OCI repositories, referenced as files for a Git source) and the GitOps form
 * of helm's --atomic --wait --timeout. Pure: text in, objects and YAML out; a located
 * GitOpsExportError for anything that cannot be pinned or parsed.
 */
import { Document } from 'yaml';
import { argoCdObjects } from './argocd';
import { readChartMeta } from './chart-version';
import { describeSource, type ChartSourceSpec } from './chart-source';
import { GitOpsExportError } from './errors';
import { fluxObjects } from './flux';
import type { ResolvedExport } from './resolved';
import { environmentValues, literalCredentials } from './values';

export type GitOpsFormat = 'flux' | 'argocd';

export const GITOPS_FORMATS: Record<
  GitOpsFormat,
  { label: string; kind: string; apiVersion: string; controllerNamespace: string }
> = {
  flux: {
    label: 'Flux HelmRelease',
    kind: 'HelmRelease',
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    controllerNamespace: 'flux-system',
  },
  argocd: {
    label: 'Argo CD Application',
    kind: 'Application',
    apiVersion: 'argoproj.io/v1alpha1',
    controllerNamespace: 'argocd',
  },
};

export interface GitOpsExportInput {
  format: GitOpsFormat;
  /** Chart.yaml text: name and the exact version to pin. */
  chartYaml: string;
  /** values.yaml and the environment's values file, as text. */
  values: { base?: string; environment?: string };
  /** The environment: its name, the namespace it deploys to, its chart-relative values file (none for values.yaml alone). */
  environment: { name: string; namespace: string; valuesFile?: string };
  source: ChartSourceSpec;
  /** Helm release name (default: the chart name). */
  release?: string;
  /** Go duration (default 5m0s). */
  timeout?: string;
  /** Retries of a failed install/upgrade/sync (default 3). */
  retries?: number;
  /** Reconcile interval (Flux, default 10m). */
  interval?: string;
  /** Namespace of the Flux/Argo CD objects (default flux-system / argocd). */
  controllerNamespace?: string;
  /** Argo CD project (default "default"). */
  argocdProject?: string;
  /** Argo CD destination server (default the in-cluster API). */
  destinationServer?: string;
}

export interface GitOpsExport {
  objects: Array<Record<string, unknown>>;
  /** The manifest file: a header comment and one YAML document per object. */
  yaml: string;
  /** Suggested file name, e.g. my-service-prod.helmrelease.yaml. */
  fileName: string;
  /** One line for logs and notifications. */
  summary: string;
  /** Things to fix or know before committing (literal credentials, registry setup). */
  warnings: string[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Flux's duration pattern (also what Argo CD's backoff accepts). */
const DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

export function exportGitOps(input: GitOpsExportInput): GitOpsExport {
  const format = GITOPS_FORMATS[input.format];
  if (!format) throw new GitOpsExportError(`unknown format "${String(input.format)}" (flux or argocd)`, 'format');
  const chart = readChartMeta(input.chartYaml);
  const release = input.release ?? chart.name;
  if (!RELEASE_NAME.test(release) || release.length > 53)
    throw new GitOpsExportError(
      `release name "${release}" is not a valid helm release name (lowercase letters, digits, "-" and ".", at most 53 characters)`,
      'release',
    );
  const namespace = input.environment.namespace;
  if (!DNS_LABEL.test(namespace) || namespace.length > 63)
    throw new GitOpsExportError(
      `namespace "${namespace}" is not a valid namespace name (a DNS label: lowercase letters, digits and "-", at most 63 characters)`,
      'namespace',
    );
  const controllerNamespace = input.controllerNamespace ?? format.controllerNamespace;
  if (!DNS_LABEL.test(controllerNamespace))
    throw new GitOpsExportError(
      `controller namespace "${controllerNamespace}" is not a valid namespace name`,
      'controllerNamespace',
    );
  const timeout = input.timeout ?? '5m0s';
  if (!DURATION.test(timeout))
    throw new GitOpsExportError(`timeout "${timeout}" is not a duration like 5m0s, 10m or 90s`, 'timeout');
  const interval = input.interval ?? '10m';
  if (!DURATION.test(interval))
    throw new GitOpsExportError(`interval "${interval}" is not a duration like 10m`, 'interval');
  const retries = input.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0 || retries > 100)
    throw new GitOpsExportError(`retries must be an integer from 0 to 100, got ${retries}`, 'retries');

  const envSlug =
    input.environment.name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'default';
  const objectName = `${release}-${envSlug}`.replace(/\./g, '-');
  if (objectName.length > 63)
    throw new GitOpsExportError(
      `"${objectName}" (release-environment) is longer than 63 characters: choose a shorter release name`,
      'release',
    );

  const envFile = input.environment.valuesFile;
  const git = input.source.type === 'git';
  const values = git
    ? undefined
    : environmentValues(
        { text: input.values.base, file: 'values.yaml' },
        envFile ? { text: input.values.environment, file: envFile } : undefined,
      );
  const valuesFiles = git
    ? input.format === 'flux'
      ? ['values.yaml', ...(envFile ? [envFile] : [])]
      : envFile
        ? [envFile]
        : []
    : undefined;

  const resolved: ResolvedExport = {
    chart,
    release,
    environment: input.environment.name,
    namespace,
    controllerNamespace,
    objectName,
    labels: {
      'app.kubernetes.io/name': chart.name,
      'app.kubernetes.io/instance': release,
      'app.kubernetes.io/managed-by': 'helm-intent',
    },
    source: input.source,
    ...(values ? { values } : {}),
    ...(valuesFiles ? { valuesFiles } : {}),
    timeout,
    retries,
    interval,
    argocdProject: input.argocdProject ?? 'default',
    destinationServer: input.destinationServer ?? 'https://kubernetes.default.svc',
  };
  const objects = input.format === 'flux' ? fluxObjects(resolved) : argoCdObjects(resolved);

  const warnings: string[] = [];
  const credentials = values ? literalCredentials(values) : [];
  if (credentials.length) {
    warnings.push(
      `The values inline literal credentials (${credentials.join(', ')}): committed to Git they are plain text. Reference an existing Secret instead (External Secrets Operator or Sealed Secrets, \`existingSecret\`-style values).`,
    );
  }
  if (input.source.type === 'oci' && input.format === 'argocd')
    warnings.push(
      `Register ${input.source.registry} in Argo CD as a Helm repository with enableOCI: true (and credentials if it is private).`,
    );
  if (git && envFile && input.values.environment === undefined)
    warnings.push(
      `${envFile} is referenced but was not found next to Chart.yaml: commit it, or the controller fails to render.`,
    );

  const envLabel = envFile ? `values.yaml + ${envFile}` : 'values.yaml';
  const summary = `${format.label} ${controllerNamespace}/${objectName}: ${chart.name} ${chart.version} (${describeSource(input.source)}) → namespace ${namespace}, release ${release}, environment ${input.environment.name}`;
  const header = [
    `${format.label} for ${chart.name} ${chart.version}, environment ${input.environment.name} (namespace ${namespace}), exported by Helm Intent.`,
    `Chart source: ${describeSource(input.source)}.`,
    `Pinned: chart version ${chart.version} (exact, from Chart.yaml)${input.source.type === 'git' ? `, Git ${input.source.ref.kind} ${input.source.ref.value}` : ''}.`,
    `Values: ${envLabel}${git ? ' (read from the repository)' : ' (merged and inlined)'}.`,
    ...(input.format === 'flux'
      ? [
          `Like helm --atomic --wait --timeout ${timeout}: Flux waits for readiness; a failed install is uninstalled and retried ${retries}x,`,
          `a failed upgrade is rolled back and retried ${retries}x; after the last failure it is uninstalled / rolled back.`,
        ]
      : [
          `Argo CD applies \`helm template\` output (no helm release is stored); health checks play --wait's role;`,
          `a failed sync is retried ${retries}x with backoff up to ${timeout}. There is no automatic rollback:`,
          'revert the Git change (or `argocd app rollback`) to go back.',
        ]),
  ];
  const yaml = objects
    .map((o, i) => {
      const doc = new Document(o);
      if (i === 0) doc.commentBefore = header.map((l) => ` ${l}`).join('\n');
      return doc.toString({ lineWidth: 0 });
    })
    .join('---\n');
  return { objects, yaml, fileName: `${objectName}.${format.kind.toLowerCase()}.yaml`, summary, warnings };
}
