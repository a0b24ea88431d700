import type { ChartContext, ChartFile } from '../types';
import { guardedFile } from './chart-file';
import { fullname, include, objectHead, selectorMatchLabels } from './names';

const namespacePeer = (expr: string, indent: string) => [
  `${indent}- namespaceSelector:`,
  `${indent}    matchLabels:`,
  `${indent}      kubernetes.io/metadata.name: ${expr}`,
];

/** templates/networkpolicy.yaml: default deny with the allow-lists of the intent. */
export function networkPolicyYaml(ctx: ChartContext): ChartFile {
  return guardedFile(
    'templates/networkpolicy.yaml',
    '.Values.networkPolicy.enabled',
    ...objectHead(ctx, 'networking.k8s.io/v1', 'NetworkPolicy'),
    `spec:`,
    ...selectorMatchLabels(ctx, 'podSelector', 2),
    `  policyTypes: [Ingress, Egress]`,
    `  ingress:`,
    `    # Pods of the same release (helm test, sidecars, subcharts).`,
    `    - from:`,
    `        - podSelector:`,
    `            matchLabels:`,
    `              app.kubernetes.io/instance: {{ .Release.Name }}`,
    `    {{- range .Values.networkPolicy.ingressFrom }}`,
    `    - from:`,
    ...namespacePeer('{{ . }}', '        '),
    `    {{- end }}`,
    `    {{- if .Values.ingress.enabled }}`,
    `    - from:`,
    ...namespacePeer('{{ .Values.networkPolicy.ingressControllerNamespace }}', '        '),
    `      ports:`,
    `        - port: http`,
    `    {{- end }}`,
    `  egress:`,
    `    # DNS.`,
    `    - ports:`,
    `        - protocol: UDP`,
    `          port: 53`,
    `        - protocol: TCP`,
    `          port: 53`,
    `    # The release's own pods (databases and caches of its dependencies).`,
    `    - to:`,
    `        - podSelector:`,
    `            matchLabels:`,
    `              app.kubernetes.io/instance: {{ .Release.Name }}`,
    `    {{- range .Values.networkPolicy.egress }}`,
    `    - to:`,
    `        {{- if .cidr }}`,
    `        - ipBlock:`,
    `            cidr: {{ .cidr }}`,
    `        {{- end }}`,
    `        {{- if or .namespace .podLabels }}`,
    `        - {{- with .namespace }}`,
    `          namespaceSelector:`,
    `            matchLabels:`,
    `              kubernetes.io/metadata.name: {{ . }}`,
    `          {{- end }}`,
    `          {{- with .podLabels }}`,
    `          podSelector:`,
    `            matchLabels:`,
    `              {{- toYaml . | nindent 14 }}`,
    `          {{- end }}`,
    `        {{- end }}`,
    `      {{- with .ports }}`,
    `      ports:`,
    `        {{- range . }}`,
    `        - protocol: TCP`,
    `          port: {{ . }}`,
    `        {{- end }}`,
    `      {{- end }}`,
    `    {{- end }}`,
  );
}

/** templates/ingress.yaml: public exposure (`public-ingress`). */
export function ingressYaml(ctx: ChartContext): ChartFile {
  return guardedFile(
    'templates/ingress.yaml',
    '.Values.ingress.enabled',
    ...objectHead(ctx, 'networking.k8s.io/v1', 'Ingress', fullname(ctx), {
      annotations: '.Values.ingress.annotations',
    }),
    `spec:`,
    `  {{- with .Values.ingress.className }}`,
    `  ingressClassName: {{ . }}`,
    `  {{- end }}`,
    `  {{- if .Values.ingress.tls.enabled }}`,
    `  tls:`,
    `    - secretName: {{ .Values.ingress.tls.secretName }}`,
    `      {{- with .Values.ingress.host }}`,
    `      hosts:`,
    `        - {{ . | quote }}`,
    `      {{- end }}`,
    `  {{- end }}`,
    `  rules:`,
    `    - http:`,
    `        paths:`,
    `          - path: {{ .Values.ingress.path }}`,
    `            pathType: Prefix`,
    `            backend:`,
    `              service:`,
    `                name: ${fullname(ctx)}`,
    `                port:`,
    `                  name: http`,
    `      {{- with .Values.ingress.host }}`,
    `      host: {{ . | quote }}`,
    `      {{- end }}`,
  );
}

/** templates/servicemonitor.yaml: Prometheus Operator scraping. */
export function serviceMonitorYaml(ctx: ChartContext): ChartFile {
  const port = ctx.features.metricsOwnPort
    ? `{{ if ${include(ctx, 'metricsOwnPort')} }}metrics{{ else }}http{{ end }}`
    : 'http';
  return guardedFile(
    'templates/servicemonitor.yaml',
    'and .Values.metrics.enabled .Values.metrics.serviceMonitor.enabled',
    ...objectHead(ctx, 'monitoring.coreos.com/v1', 'ServiceMonitor'),
    `spec:`,
    ...selectorMatchLabels(ctx, 'selector', 2),
    `  endpoints:`,
    `    - port: ${port}`,
    `      path: {{ .Values.metrics.path }}`,
    `      interval: {{ .Values.metrics.serviceMonitor.interval }}`,
  );
}
