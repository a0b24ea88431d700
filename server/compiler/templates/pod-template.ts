import type { ChartContext, ChartFile } from '../types';
import { text } from '../yaml-text';
import { include, metricsPortEntry, selectorMatchLabels } from './names';

/**
 * templates/_pod.tpl: the pod template shared by the Deployment, StatefulSet and Rollout, so the
 * three can never drift apart (security context, probes, resources, checksums).
 */
export function podTemplateTpl(ctx: ChartContext): ChartFile {
  const n = ctx.name;
  const statefulset = ctx.features.workload === 'statefulset';
  const probe = (key: string) => [
    `      {{- if .Values.${key}.enabled }}`,
    `      ${key}:`,
    `        {{- toYaml (omit .Values.${key} "enabled") | nindent 8 }}`,
    `      {{- end }}`,
  ];
  const tmpMount = [
    `        {{- if .Values.securityContext.readOnlyRootFilesystem }}`,
    `        - name: tmp`,
    `          mountPath: /tmp`,
    `        {{- end }}`,
  ];
  const tmpVolume = [
    `    {{- if .Values.securityContext.readOnlyRootFilesystem }}`,
    `    # The root filesystem is read-only; /tmp stays writable.`,
    `    - name: tmp`,
    `      emptyDir: {}`,
    `    {{- end }}`,
  ];
  return {
    path: 'templates/_pod.tpl',
    content: text(
      `{{/* Pod template of the service's workload. */}}`,
      `{{- define "${n}.podTemplate" -}}`,
      `metadata:`,
      `  labels:`,
      `    {{- ${include(ctx, 'labels')} | nindent 4 }}`,
      `  annotations:`,
      `    # Changed config or secret references roll the pods.`,
      `    checksum/config: {{ toJson .Values.config | sha256sum }}`,
      `    checksum/secret: {{ toJson .Values.secrets | sha256sum }}`,
      `    {{- with .Values.podAnnotations }}`,
      `    {{- toYaml . | nindent 4 }}`,
      `    {{- end }}`,
      `spec:`,
      `  {{- with .Values.imagePullSecrets }}`,
      `  imagePullSecrets:`,
      `    {{- toYaml . | nindent 4 }}`,
      `  {{- end }}`,
      `  serviceAccountName: {{ ${include(ctx, 'serviceAccountName')} }}`,
      `  automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}`,
      `  securityContext:`,
      `    {{- toYaml .Values.podSecurityContext | nindent 4 }}`,
      `  terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}`,
      `  containers:`,
      `    - name: {{ .Chart.Name }}`,
      `      image: {{ ${include(ctx, 'image')} | quote }}`,
      `      imagePullPolicy: {{ .Values.image.pullPolicy }}`,
      `      securityContext:`,
      `        {{- toYaml .Values.securityContext | nindent 8 }}`,
      `      ports:`,
      `        - name: http`,
      `          containerPort: {{ .Values.containerPort }}`,
      `          protocol: TCP`,
      ...metricsPortEntry(ctx, 8, [`containerPort: {{ .Values.metrics.port }}`, `protocol: TCP`]),
      `      {{- if .Values.config.enabled }}`,
      `      envFrom:`,
      `        - configMapRef:`,
      `            name: {{ ${include(ctx, 'fullname')} }}`,
      `      {{- end }}`,
      `      {{- if .Values.secrets }}`,
      `      env:`,
      `        {{- ${include(ctx, 'secretEnv')} | trim | nindent 8 }}`,
      `      {{- end }}`,
      ...probe('startupProbe'),
      ...probe('livenessProbe'),
      ...probe('readinessProbe'),
      `      resources:`,
      `        {{- toYaml .Values.resources | nindent 8 }}`,
      ...(statefulset
        ? [
            `      volumeMounts:`,
            `        - name: data`,
            `          mountPath: {{ .Values.persistence.mountPath }}`,
            ...tmpMount,
          ]
        : [
            `      {{- if .Values.securityContext.readOnlyRootFilesystem }}`,
            `      volumeMounts:`,
            `        - name: tmp`,
            `          mountPath: /tmp`,
            `      {{- end }}`,
          ]),
      ...(statefulset
        ? [
            `  {{- if or (not .Values.persistence.enabled) .Values.securityContext.readOnlyRootFilesystem }}`,
            `  volumes:`,
            `    {{- if not .Values.persistence.enabled }}`,
            `    - name: data`,
            `      emptyDir: {}`,
            `    {{- end }}`,
            ...tmpVolume,
            `  {{- end }}`,
          ]
        : [
            `  {{- if .Values.securityContext.readOnlyRootFilesystem }}`,
            `  volumes:`,
            `    # The root filesystem is read-only; /tmp stays writable.`,
            `    - name: tmp`,
            `      emptyDir: {}`,
            `  {{- end }}`,
          ]),
      `  {{- if .Values.topologySpread.enabled }}`,
      `  topologySpreadConstraints:`,
      `    - maxSkew: {{ .Values.topologySpread.maxSkew }}`,
      `      topologyKey: {{ .Values.topologySpread.topologyKey }}`,
      `      whenUnsatisfiable: {{ .Values.topologySpread.whenUnsatisfiable }}`,
      ...selectorMatchLabels(ctx, 'labelSelector', 6),
      `  {{- end }}`,
      `  {{- with .Values.nodeSelector }}`,
      `  nodeSelector:`,
      `    {{- toYaml . | nindent 4 }}`,
      `  {{- end }}`,
      `  {{- with .Values.affinity }}`,
      `  affinity:`,
      `    {{- toYaml . | nindent 4 }}`,
      `  {{- end }}`,
      `  {{- with .Values.tolerations }}`,
      `  tolerations:`,
      `    {{- toYaml . | nindent 4 }}`,
      `  {{- end }}`,
      `{{- end }}`,
    ),
  };
}
