import type { ChartContext, ChartFile } from '../types';
import { text } from '../yaml-text';
import { include } from './names';

/**
 * templates/externalsecret.yaml: one External Secrets `ExternalSecret` per secret store; the
 * chart itself never holds a secret value. When a pre-install/pre-upgrade migration runs, the
 * ExternalSecret is created as an earlier hook so the Job can read it on the first install
 * (hook objects are not removed by `helm uninstall`).
 */
export function externalSecretYaml(ctx: ChartContext): ChartFile {
  const fullnameRoot = `{{ ${include(ctx, 'fullname', '$')} }}`;
  const hook = ctx.features.migrations;
  return {
    path: 'templates/externalsecret.yaml',
    content: text(
      `{{- if .Values.externalSecrets.enabled }}`,
      `{{- $stores := dict }}`,
      `{{- range .Values.secrets }}`,
      `{{- if .externalSecret }}{{ $_ := set $stores .externalSecret.store true }}{{ end }}`,
      `{{- end }}`,
      hook && `{{- $hook := and .Values.migrations.enabled (regexMatch "(^|,)pre-" .Values.migrations.hook) }}`,
      `{{- range $store, $_ := $stores }}`,
      `---`,
      `apiVersion: external-secrets.io/v1beta1`,
      `kind: ExternalSecret`,
      `metadata:`,
      `  name: ${fullnameRoot}-{{ $store }}`,
      `  labels:`,
      `    {{- ${include(ctx, 'labels', '$')} | nindent 4 }}`,
      ...(hook
        ? [
            `  {{- if or $hook $.Values.commonAnnotations }}`,
            `  annotations:`,
            `    {{- if $hook }}`,
            `    # Exists before the migration Job, which reads it.`,
            `    helm.sh/hook: {{ $.Values.migrations.hook }}`,
            `    helm.sh/hook-weight: "-10"`,
            `    helm.sh/hook-delete-policy: before-hook-creation`,
            `    {{- end }}`,
            `    {{- with $.Values.commonAnnotations }}`,
            `    {{- toYaml . | nindent 4 }}`,
            `    {{- end }}`,
            `  {{- end }}`,
          ]
        : [
            `  {{- with $.Values.commonAnnotations }}`,
            `  annotations:`,
            `    {{- toYaml . | nindent 4 }}`,
            `  {{- end }}`,
          ]),
      `spec:`,
      `  refreshInterval: {{ $.Values.externalSecrets.refreshInterval }}`,
      `  secretStoreRef:`,
      `    kind: {{ $.Values.externalSecrets.storeKind }}`,
      `    name: {{ $store }}`,
      `  target:`,
      `    name: ${fullnameRoot}-{{ $store }}`,
      `    creationPolicy: Owner`,
      `  data:`,
      `    {{- range $.Values.secrets }}`,
      `    {{- if and .externalSecret (eq .externalSecret.store $store) }}`,
      `    - secretKey: {{ .env }}`,
      `      remoteRef:`,
      `        key: {{ .externalSecret.key | toJson }}`,
      `        {{- with .externalSecret.property }}`,
      `        property: {{ . | toJson }}`,
      `        {{- end }}`,
      `    {{- end }}`,
      `    {{- end }}`,
      `{{- end }}`,
      `{{- end }}`,
    ),
  };
}
