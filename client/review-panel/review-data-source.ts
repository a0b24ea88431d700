/**
 * Where the Chart Review gets its data. One small interface, so the review pipeline can replace the
 * plain `helm template` source with one that also fills in findings. No vscode import: the source
 * runs in tests and the benchmark as it runs in the extension.
 */
import path from 'node:path';
import { chartEnvironments } from '../../server/core/environments';
import { defaultPlatformConfig, type PlatformConfig } from '../../server/model/platform-config';
import { intentOf, readChartSource, type ChartSource } from '../../server/review/chart-source';
import { renderableChart } from '../../server/review/materialize';
import { helmTemplate } from '../../server/tools/helm';
import { renderedObjects } from '../../server/review/webview-objects';
import type { EnvironmentRender, ReviewData } from '../../server/protocol/webview-protocol';

export interface ChartTarget {
  /** Absolute path of the chart directory (holding Chart.yaml). */
  chartDir: string;
}

export interface ReviewDataSource {
  /** Renders every environment of the chart. Rejects only when nothing can run (e.g. helm missing). */
  load(target: ChartTarget, signal?: AbortSignal): Promise<ReviewData>;
}

export interface HelmTemplateSourceOptions {
  helmPath: string;
  config?: PlatformConfig;
  /** `--kube-version` (e.g. "1.34"); the platform config's when absent. */
  kubernetesVersion?: string;
  timeoutMs?: number;
  /** Every helm command line, for the Output channel. */
  log?: (line: string) => void;
}

/** `helm template` per environment (in parallel), objects keyed and placed on their template line. */
export class HelmTemplateSource implements ReviewDataSource {
  constructor(private readonly options: HelmTemplateSourceOptions) {}

  async load(target: ChartTarget, signal?: AbortSignal): Promise<ReviewData> {
    const config = this.options.config ?? defaultPlatformConfig();
    const source = readChartSource(target.chartDir);
    const envs = chartEnvironments(intentOf(source), source.values.keys(), config);
    const renderable = renderableChart(source);
    const kubeVersion = this.options.kubernetesVersion ?? config.kubernetesVersion;
    try {
      const environments = await Promise.all(
        envs.map(async (env): Promise<EnvironmentRender> => {
          const valuesFiles = env.valuesFiles.map((f) => path.join(renderable.dir, f));
          this.options.log?.(`helm template ${source.name} ${target.chartDir}${env.valuesFiles.map((f) => ` --values ${f}`).join('')} --namespace ${env.namespace} --kube-version ${kubeVersion}`);
          const started = performance.now();
          const result = await helmTemplate(
            renderable.dir,
            { releaseName: source.name, namespace: env.namespace, valuesFiles, kubeVersion: /^\d+\.\d+$/.test(kubeVersion) ? `${kubeVersion}.0` : kubeVersion },
            { helmPath: this.options.helmPath, isolate: true, timeoutMs: this.options.timeoutMs ?? 60_000, signal },
          );
          return {
            name: env.name,
            namespace: env.namespace,
            valuesFiles: env.valuesFiles.map((f) => path.join(target.chartDir, f)),
            ok: result.ok,
            ...(result.ok ? {} : { error: result.error ?? 'helm template failed' }),
            objects: result.ok ? renderedObjects(result.manifests, source) : [],
            findings: [],
            renderMs: Math.round(performance.now() - started),
          };
        }),
      );
      return {
        chart: { name: source.name, dir: target.chartDir, ...(source.version ? { version: source.version } : {}), ...(source.intentFile ? { intentFile: source.intentFile } : {}) },
        environments,
        generatedAt: new Date().toISOString(),
        producer: 'helm template',
        ...(renderable.stubbed.length ? { notes: [`Dependencies not downloaded (${renderable.stubbed.join(', ')}): rendered with empty stand-ins, so their objects are missing. Run \`helm dependency build\` in the chart to see them.`] } : {}),
      };
    } finally {
      renderable.cleanup();
    }
  }
}

export { renderedObjects, documentStartLine } from '../../server/review/webview-objects';
