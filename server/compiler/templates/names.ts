import type { ChartContext } from '../types';

/** `include "<chart>.<helper>" <scope>`: named templates are prefixed by the chart name. */
export function include(ctx: ChartContext, helper: string, scope = '.'): string {
  return `include "${ctx.name}.${helper}" ${scope}`;
}

/** `metadata:` lines shared by every namespaced object: name, labels, common annotations. */
export function metadata(ctx: ChartContext, nameExpr: string, options: { indent?: number; component?: string; extraAnnotations?: string[] } = {}): string[] {
  const pad = ' '.repeat(options.indent ?? 0);
  const lines = [
    `${pad}metadata:`,
    `${pad}  name: ${nameExpr}`,
    `${pad}  labels:`,
    // A component other than `app` keeps the object out of selectors meant for the service itself.
    ...(options.component
      ? [`${pad}    {{- ${include(ctx, 'commonLabels')} | nindent ${(options.indent ?? 0) + 4} }}`, `${pad}    app.kubernetes.io/component: ${options.component}`]
      : [`${pad}    {{- ${include(ctx, 'labels')} | nindent ${(options.indent ?? 0) + 4} }}`]),
  ];
  if (options.extraAnnotations?.length) {
    lines.push(`${pad}  annotations:`, ...options.extraAnnotations.map((a) => `${pad}    ${a}`));
    lines.push(`${pad}    {{- with .Values.commonAnnotations }}`, `${pad}    {{- toYaml . | nindent ${(options.indent ?? 0) + 4} }}`, `${pad}    {{- end }}`);
  } else {
    lines.push(`${pad}  {{- with .Values.commonAnnotations }}`, `${pad}  annotations:`, `${pad}    {{- toYaml . | nindent ${(options.indent ?? 0) + 4} }}`, `${pad}  {{- end }}`);
  }
  return lines;
}

/** The object name `<fullname>` or `<fullname>-<suffix>`. */
export function fullname(ctx: ChartContext, suffix?: string): string {
  return suffix ? `{{ ${include(ctx, 'fullname')} }}-${suffix}` : `{{ ${include(ctx, 'fullname')} }}`;
}
