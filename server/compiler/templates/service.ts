import type { ChartContext, ChartFile } from '../types';
import { text } from '../yaml-text';
import { guardedFile } from './chart-file';
import { fullname, include, metricsPortEntry, objectHead, selectorMatchLabels } from './names';

function ports(ctx: ChartContext, portExpr: string): string[] {
  return [
    `  ports:`,
    `    - name: http`,
    `      port: ${portExpr}`,
    `      targetPort: http`,
    `      protocol: TCP`,
    ...metricsPortEntry(ctx, 4, [`port: {{ .Values.metrics.port }}`, `targetPort: metrics`, `protocol: TCP`]),
  ];
}

const selector = (ctx: ChartContext) => [`  selector:`, `    {{- ${include(ctx, 'selectorLabels')} | nindent 4 }}`];

/** A Service selecting the release's pods on `http` (and `metrics`); `specHead` comes before the selector. */
function service(
  ctx: ChartContext,
  name: string,
  component: string | undefined,
  specHead: string[],
  portExpr: string,
): string[] {
  return [
    ...objectHead(ctx, 'v1', 'Service', name, { component }),
    `spec:`,
    ...specHead,
    ...selector(ctx),
    ...ports(ctx, portExpr),
  ];
}

/** templates/service.yaml. */
export function serviceYaml(ctx: ChartContext): ChartFile {
  return guardedFile(
    'templates/service.yaml',
    '.Values.service.enabled',
    ...service(ctx, fullname(ctx), undefined, [`  type: {{ .Values.service.type }}`], '{{ .Values.service.port }}'),
  );
}

/** templates/service-preview.yaml: the blue-green preview service Argo Rollouts switches (not scraped by the ServiceMonitor). */
export function previewServiceYaml(ctx: ChartContext): ChartFile {
  return guardedFile(
    'templates/service-preview.yaml',
    'and .Values.service.enabled (eq .Values.rollout.strategy "blueGreen")',
    ...service(ctx, fullname(ctx, 'preview'), 'preview', [`  type: ClusterIP`], '{{ .Values.service.port }}'),
  );
}

/** templates/service-headless.yaml: stable pod DNS names of the StatefulSet. */
export function headlessServiceYaml(ctx: ChartContext): ChartFile {
  return {
    path: 'templates/service-headless.yaml',
    content: text(
      ...service(
        ctx,
        fullname(ctx, 'headless'),
        'headless',
        [`  clusterIP: None`, `  publishNotReadyAddresses: true`],
        '{{ .Values.containerPort }}',
      ),
    ),
  };
}

/** templates/hpa.yaml: autoscaling/v2, aimed at whichever workload renders. */
export function hpaYaml(ctx: ChartContext): ChartFile {
  const target =
    ctx.features.workload === 'statefulset'
      ? [`    apiVersion: apps/v1`, `    kind: StatefulSet`]
      : ctx.features.canary || ctx.features.blueGreen
        ? [
            `    {{- if ne .Values.rollout.strategy "rolling" }}`,
            `    apiVersion: argoproj.io/v1alpha1`,
            `    kind: Rollout`,
            `    {{- else }}`,
            `    apiVersion: apps/v1`,
            `    kind: Deployment`,
            `    {{- end }}`,
          ]
        : [`    apiVersion: apps/v1`, `    kind: Deployment`];
  const metric = (resource: string, key: string) => [
    `    {{- if .Values.autoscaling.${key} }}`,
    `    - type: Resource`,
    `      resource:`,
    `        name: ${resource}`,
    `        target:`,
    `          type: Utilization`,
    `          averageUtilization: {{ .Values.autoscaling.${key} }}`,
    `    {{- end }}`,
  ];
  return guardedFile(
    'templates/hpa.yaml',
    '.Values.autoscaling.enabled',
    ...objectHead(ctx, 'autoscaling/v2', 'HorizontalPodAutoscaler'),
    `spec:`,
    `  scaleTargetRef:`,
    ...target,
    `    name: ${fullname(ctx)}`,
    `  minReplicas: {{ .Values.autoscaling.minReplicas }}`,
    `  maxReplicas: {{ .Values.autoscaling.maxReplicas }}`,
    `  metrics:`,
    ...metric('cpu', 'targetCPUUtilizationPercentage'),
    ...metric('memory', 'targetMemoryUtilizationPercentage'),
  );
}

/** templates/pdb.yaml. */
export function pdbYaml(ctx: ChartContext): ChartFile {
  return guardedFile(
    'templates/pdb.yaml',
    '.Values.pdb.enabled',
    ...objectHead(ctx, 'policy/v1', 'PodDisruptionBudget'),
    `spec:`,
    `  {{- if ne (toString .Values.pdb.maxUnavailable) "" }}`,
    `  maxUnavailable: {{ .Values.pdb.maxUnavailable | toJson }}`,
    `  {{- else }}`,
    `  minAvailable: {{ .Values.pdb.minAvailable | toJson }}`,
    `  {{- end }}`,
    ...selectorMatchLabels(ctx, 'selector', 2),
  );
}

/** templates/serviceaccount.yaml: no API token unless asked. */
export function serviceAccountYaml(ctx: ChartContext): ChartFile {
  return guardedFile(
    'templates/serviceaccount.yaml',
    '.Values.serviceAccount.create',
    ...objectHead(ctx, 'v1', 'ServiceAccount', `{{ ${include(ctx, 'serviceAccountName')} }}`, {
      annotations: '.Values.serviceAccount.annotations',
    }),
    `automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}`,
  );
}

/** templates/configmap.yaml: non-secret environment only. */
export function configMapYaml(ctx: ChartContext): ChartFile {
  return guardedFile(
    'templates/configmap.yaml',
    '.Values.config.enabled',
    `# Non-secret settings only: credentials come from Secrets (see .Values.secrets).`,
    ...objectHead(ctx, 'v1', 'ConfigMap'),
    `data:`,
    `  {{- range $key, $value := .Values.config.env }}`,
    `  {{ $key }}: {{ $value | toString | quote }}`,
    `  {{- end }}`,
  );
}
