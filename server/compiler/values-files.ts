import type { ChartContext, ChartFile } from './types';
import { VALUES_DOC_MAP } from './values/values-docs';
import { toYamlText } from './yaml-text';

/** values.yaml: production defaults from the base intent, every key commented. */
export function valuesYaml(ctx: ChartContext): ChartFile {
  const comments: Record<string, string> = { ...VALUES_DOC_MAP };
  for (const d of ctx.intent.spec.dependencies ?? [])
    comments[d.alias ?? d.name] = `Subchart ${d.name} ${d.version} (${d.repository}); \`enabled\` is its condition.`;
  return {
    path: 'values.yaml',
    content: toYamlText(ctx.values, {
      header: ` Default values of ${ctx.name}: production defaults from its intent (tier ${ctx.values.tier}).\n Environment files (values-<env>.yaml) hold each environment's overrides.`,
      comments,
    }),
  };
}

/** values-<env>.yaml: what the environment sets or changes, with the install command on top. */
export function environmentValuesYamls(ctx: ChartContext): ChartFile[] {
  return ctx.environments.map((env) => {
    const ns = env.namespace ? ` --namespace ${env.namespace} --create-namespace` : '';
    const header = ` Environment ${env.name}: overrides of values.yaml.\n helm upgrade --install ${ctx.name} . -f values-${env.name}.yaml${ns} --wait --timeout 10m`;
    const body = Object.keys(env.overrides).length ? env.overrides : {};
    return { path: `values-${env.name}.yaml`, content: toYamlText(body, { header }) };
  });
}
