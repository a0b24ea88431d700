import type { ChartContext, ChartFile } from '../types';
import { text } from '../yaml-text';
import { fullname, include, objectHead, selectorMatchLabels } from './names';

/**
 * What the Deployment, StatefulSet and Rollout start with, alike so they can replace one another:
 * metadata, replicas (unless autoscaled), history and the pod selector. `specFirst` opens the spec.
 */
function workloadHead(ctx: ChartContext, apiVersion: string, kind: string, ...specFirst: string[]): string[] {
  return [
    ...objectHead(ctx, apiVersion, kind),
    `spec:`,
    ...specFirst,
    `  {{- if not .Values.autoscaling.enabled }}`,
    `  replicas: {{ .Values.replicaCount }}`,
    `  {{- end }}`,
    `  revisionHistoryLimit: 10`,
    ...selectorMatchLabels(ctx, 'selector', 2),
  ];
}

function podTemplate(ctx: ChartContext): string[] {
  return [`  template:`, `    {{- ${include(ctx, 'podTemplate')} | nindent 4 }}`];
}

/** True when the chart also has a Rollout, so the Deployment only renders for `rolling`. */
function hasRollout(ctx: ChartContext): boolean {
  return ctx.features.canary || ctx.features.blueGreen;
}

/** templates/deployment.yaml: zero-downtime rolling update. */
export function deploymentYaml(ctx: ChartContext): ChartFile {
  return {
    path: 'templates/deployment.yaml',
    content: text(
      hasRollout(ctx) && `{{- if eq .Values.rollout.strategy "rolling" }}`,
      ...workloadHead(ctx, 'apps/v1', 'Deployment'),
      `  strategy:`,
      `    type: RollingUpdate`,
      `    rollingUpdate:`,
      `      maxSurge: {{ .Values.rollout.maxSurge | toJson }}`,
      `      maxUnavailable: {{ .Values.rollout.maxUnavailable | toJson }}`,
      ...podTemplate(ctx),
      hasRollout(ctx) && `{{- end }}`,
    ),
  };
}

/** templates/statefulset.yaml with its volume claim and the headless service it needs. */
export function statefulSetYaml(ctx: ChartContext): ChartFile {
  return {
    path: 'templates/statefulset.yaml',
    content: text(
      ...workloadHead(ctx, 'apps/v1', 'StatefulSet', `  serviceName: ${fullname(ctx, 'headless')}`),
      `  updateStrategy:`,
      `    type: RollingUpdate`,
      ...podTemplate(ctx),
      `  {{- if .Values.persistence.enabled }}`,
      `  volumeClaimTemplates:`,
      `    - metadata:`,
      `        name: data`,
      `      spec:`,
      `        accessModes: [ReadWriteOnce]`,
      `        {{- with .Values.persistence.storageClass }}`,
      `        storageClassName: {{ . }}`,
      `        {{- end }}`,
      `        resources:`,
      `          requests:`,
      `            storage: {{ .Values.persistence.size }}`,
      `  {{- end }}`,
    ),
  };
}

/** templates/rollout.yaml: Argo Rollouts canary and/or blue-green, replacing the Deployment. */
export function rolloutYaml(ctx: ChartContext): ChartFile {
  const { canary, blueGreen, analysis } = ctx.features;
  const analysisTemplates = (key: string, indent: string) =>
    analysis
      ? [
          `${indent}{{- if .Values.rollout.analysis.enabled }}`,
          `${indent}${key}:`,
          `${indent}  templates:`,
          `${indent}    - templateName: ${fullname(ctx, 'success-rate')}`,
          `${indent}{{- end }}`,
        ]
      : [];
  const canaryLines = [
    `    canary:`,
    `      maxSurge: {{ .Values.rollout.maxSurge | toJson }}`,
    `      maxUnavailable: {{ .Values.rollout.maxUnavailable | toJson }}`,
    ...analysisTemplates('analysis', '      '),
    `      steps:`,
    `        {{- toYaml .Values.rollout.canary.steps | nindent 8 }}`,
  ];
  const blueGreenLines = [
    `    blueGreen:`,
    `      activeService: ${fullname(ctx)}`,
    `      previewService: ${fullname(ctx, 'preview')}`,
    `      autoPromotionEnabled: {{ .Values.rollout.blueGreen.autoPromotionEnabled }}`,
    ...analysisTemplates('prePromotionAnalysis', '      '),
  ];
  const strategy =
    canary && blueGreen
      ? [
          `    {{- if eq .Values.rollout.strategy "canary" }}`,
          ...canaryLines,
          `    {{- else }}`,
          ...blueGreenLines,
          `    {{- end }}`,
        ]
      : canary
        ? canaryLines
        : blueGreenLines;
  return {
    path: 'templates/rollout.yaml',
    content: text(
      `{{- if ne .Values.rollout.strategy "rolling" }}`,
      `# Argo Rollouts replaces the Deployment for progressive delivery; policies written for`,
      `# Deployments apply to it as well (same pod template).`,
      ...workloadHead(ctx, 'argoproj.io/v1alpha1', 'Rollout'),
      ...podTemplate(ctx),
      `  strategy:`,
      ...strategy,
      `{{- end }}`,
    ),
  };
}

/** templates/analysistemplate.yaml: Prometheus success rate gate of the rollout. */
export function analysisTemplateYaml(ctx: ChartContext): ChartFile {
  const selectorExpr = `service="{{ ${include(ctx, 'fullname')} }}"`;
  const defaultQuery = `sum(rate(http_requests_total{${selectorExpr},code!~"5.."}[5m])) / sum(rate(http_requests_total{${selectorExpr}}[5m]))`;
  return {
    path: 'templates/analysistemplate.yaml',
    content: text(
      `{{- if and (ne .Values.rollout.strategy "rolling") .Values.rollout.analysis.enabled }}`,
      ...objectHead(ctx, 'argoproj.io/v1alpha1', 'AnalysisTemplate', fullname(ctx, 'success-rate')),
      `spec:`,
      `  metrics:`,
      `    - name: success-rate`,
      `      interval: {{ .Values.rollout.analysis.interval }}`,
      `      successCondition: result[0] >= {{ .Values.rollout.analysis.successRate }}`,
      `      failureLimit: {{ .Values.rollout.analysis.failureLimit }}`,
      `      provider:`,
      `        prometheus:`,
      `          address: {{ .Values.rollout.analysis.prometheusAddress | toJson }}`,
      `          {{- if .Values.rollout.analysis.query }}`,
      `          query: {{ .Values.rollout.analysis.query | toJson }}`,
      `          {{- else }}`,
      `          query: >-`,
      `            ${defaultQuery}`,
      `          {{- end }}`,
      `{{- end }}`,
    ),
  };
}
