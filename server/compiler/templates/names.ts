import type { ChartContext } from '../types';

/** `include "<chart>.<helper>" <scope>`: named templates are prefixed by the chart name. */
export function include(ctx: ChartContext, helper: string, scope = '.'): string {
  return `include "${ctx.name}.${helper}" ${scope}`;
}

/** `metadata:` lines shared by every namespaced object: name, labels, common annotations. */
export function metadata(ctx: ChartContext, nameExpr: string, options: { component?: string } = {}): string[] {
  return [
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
    `  {{- with .Values.commonAnnotations }}`,
    `  annotations:`,
    `    {{- toYaml . | nindent 4 }}`,
    `  {{- end }}`,
  ];
}

/** The object name `<fullname>` or `<fullname>-<suffix>`. */
export function fullname(ctx: ChartContext, suffix?: string): string {
  return suffix ? `{{ ${include(ctx, 'fullname')} }}-${suffix}` : `{{ ${include(ctx, 'fullname')} }}`;
}
