import type { PlatformConfig } from '../model/platform-config';
import { toDeploymentIntent, type AnyIntent } from '../model/effective-intent';
import { buildChartContext } from './chart-context';
import { chartYaml, helmIgnore } from './chart-yaml';
import { readmeMd } from './readme';
import { helpersTpl } from './templates/helpers';
import { externalSecretYaml } from './templates/external-secret';
import { migrationHookYaml, testConnectionYaml } from './templates/hooks';
import { ingressYaml, networkPolicyYaml, serviceMonitorYaml } from './templates/network';
import { notesTxt } from './templates/notes';
import { podTemplateTpl } from './templates/pod-template';
import {
  configMapYaml,
  headlessServiceYaml,
  hpaYaml,
  pdbYaml,
  previewServiceYaml,
  serviceAccountYaml,
  serviceYaml,
} from './templates/service';
import { analysisTemplateYaml, deploymentYaml, rolloutYaml, statefulSetYaml } from './templates/workload';
import type { ChartContext, ChartFile, CompileOptions } from './types';
import { environmentValuesYamls, valuesYaml } from './values-files';
import { valuesSchemaJson } from './values-schema';

export type { ChartFile, CompileOptions } from './types';
export { valuesKeysForIntentPath, intentPathsForValuesKey, provenanceTable } from './values/provenance';

/**
 * Compiles an intent into a Helm chart: pure and deterministic (identical input → byte-identical
 * files), paths relative to the chart root, sorted. The intent is expected to be schema-valid;
 * semantic problems (unknown profile, `latest` tag…) are the checks' job, not the compiler's.
 */
export function compileChart(intent: AnyIntent, config: PlatformConfig, options: CompileOptions = {}): ChartFile[] {
  const ctx = buildChartContext(toDeploymentIntent(intent, config), config, options);
  return generators(ctx)
    .map((generate) => generate(ctx))
    .flat()
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

type Generator = (ctx: ChartContext) => ChartFile | ChartFile[];

/** Which files this chart has: the always-present ones plus those the intent asks for. */
function generators(ctx: ChartContext): Generator[] {
  const f = ctx.features;
  return [
    chartYaml,
    helmIgnore,
    valuesYaml,
    environmentValuesYamls,
    valuesSchemaJson,
    readmeMd,
    helpersTpl,
    podTemplateTpl,
    f.workload === 'statefulset' ? statefulSetYaml : deploymentYaml,
    serviceYaml,
    hpaYaml,
    pdbYaml,
    serviceAccountYaml,
    configMapYaml,
    networkPolicyYaml,
    ingressYaml,
    testConnectionYaml,
    notesTxt,
    ...(f.workload === 'statefulset' ? [headlessServiceYaml] : []),
    ...(f.canary || f.blueGreen ? [rolloutYaml] : []),
    ...(f.blueGreen ? [previewServiceYaml] : []),
    ...(f.analysis ? [analysisTemplateYaml] : []),
    ...(f.externalSecrets ? [externalSecretYaml] : []),
    ...(f.serviceMonitor ? [serviceMonitorYaml] : []),
    ...(f.migrations ? [migrationHookYaml] : []),
  ];
}
