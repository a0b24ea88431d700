import type { ChartContext } from '../types';

/** `include "<chart>.<helper>" <scope>`: named templates are prefixed by the chart name. */
export function include(ctx: ChartContext, helper: string, scope = '.'): string {
  return `include "${ctx.name}.${helper}" ${scope}`;
}

/**
 * The head of a namespaced object of the release: `apiVersion`, `kind` and `metadata` with its
 * name, labels and common annotations (merged over the object's own `annotations` values map when
 * it has one, e.g. `.Values.ingress.annotations`).
 */
export function objectHead(
  ctx: ChartContext,
  apiVersion: string,
  kind: string,
  nameExpr = fullname(ctx),
  options: { component?: string; annotations?: string } = {},
): string[] {
  return [
    `apiVersion: ${apiVersion}`,
    `kind: ${kind}`,
    `metadata:`,
    `  name: ${nameExpr}`,
    `  labels:`,
    // A component other than `app` keeps the object out of selectors meant for the service itself.
    ...(options.component
      ? [
          `    {{- ${include(ctx, 'commonLabels')} | nindent 4 }}`,
          `    app.kubernetes.io/component: ${options.component}`,
        ]
      : [`    {{- ${include(ctx, 'labels')} | nindent 4 }}`]),
    options.annotations
      ? `  {{- with merge (dict) ${options.annotations} .Values.commonAnnotations }}`
      : `  {{- with .Values.commonAnnotations }}`,
    `  annotations:`,
    `    {{- toYaml . | nindent 4 }}`,
    `  {{- end }}`,
  ];
}

/** A `<key>:` label selector matching the release's pods (selectorLabels), at `indent` spaces. */
export function selectorMatchLabels(ctx: ChartContext, key: string, indent: number): string[] {
  const pad = ' '.repeat(indent);
  return [
    `${pad}${key}:`,
    `${pad}  matchLabels:`,
    `${pad}    {{- ${include(ctx, 'selectorLabels')} | nindent ${indent + 4} }}`,
  ];
}

/**
 * The `metrics` entry of a ports list, only in charts where some environment serves metrics on a
 * port of its own (`metricsOwnPort`), and then rendered only when the values ask for it.
 * `fields` are the entry's lines after `- name: metrics`, written at `indent` + 2.
 */
export function metricsPortEntry(ctx: ChartContext, indent: number, fields: string[]): string[] {
  if (!ctx.features.metricsOwnPort) return [];
  const pad = ' '.repeat(indent);
  return [
    `${pad}{{- if ${include(ctx, 'metricsOwnPort')} }}`,
    `${pad}- name: metrics`,
    ...fields.map((f) => `${pad}  ${f}`),
    `${pad}{{- end }}`,
  ];
}

/** The object name `<fullname>` or `<fullname>-<suffix>`. */
export function fullname(ctx: ChartContext, suffix?: string): string {
  return suffix ? `{{ ${include(ctx, 'fullname')} }}-${suffix}` : `{{ ${include(ctx, 'fullname')} }}`;
}
