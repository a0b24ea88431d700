import type { ChartContext, ChartFile } from '../types';
import { text } from '../yaml-text';
import { include } from './names';

/** templates/NOTES.txt: where the release runs, how to watch it and reach it. */
export function notesTxt(ctx: ChartContext): ChartFile {
  const name = `{{ ${include(ctx, 'fullname')} }}`;
  const hasRollout = ctx.features.canary || ctx.features.blueGreen;
  const kind = ctx.features.workload === 'statefulset' ? 'statefulset' : 'deployment';
  return {
    path: 'templates/NOTES.txt',
    content: text(
      `{{ .Chart.Name }} {{ ${include(ctx, 'version')} }} is released as {{ .Release.Name }} in namespace {{ .Release.Namespace }} (tier {{ .Values.tier }}).`,
      ``,
      `Watch the rollout:`,
      hasRollout && `{{- if ne .Values.rollout.strategy "rolling" }}`,
      hasRollout && `  kubectl argo rollouts get rollout ${name} --namespace {{ .Release.Namespace }} --watch`,
      hasRollout && `{{- else }}`,
      `  kubectl rollout status ${kind}/${name} --namespace {{ .Release.Namespace }}`,
      hasRollout && `{{- end }}`,
      ``,
      `Reach it:`,
      `{{- if .Values.ingress.enabled }}`,
      `  http{{ if .Values.ingress.tls.enabled }}s{{ end }}://{{ .Values.ingress.host | default "<ingress address>" }}{{ .Values.ingress.path }}`,
      `{{- else if .Values.service.enabled }}`,
      `  kubectl port-forward service/${name} 8080:{{ .Values.service.port }} --namespace {{ .Release.Namespace }}`,
      `  then open http://127.0.0.1:8080`,
      `{{- else }}`,
      `  The Service is disabled (service.enabled=false).`,
      `{{- end }}`,
      `{{- if .Values.tests.connection.enabled }}`,
      ``,
      `Check connectivity:`,
      `  helm test {{ .Release.Name }} --namespace {{ .Release.Namespace }}`,
      `{{- end }}`,
    ),
  };
}
