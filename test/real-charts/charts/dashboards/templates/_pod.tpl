{{- define "dashboards.pod" -}}
serviceAccountName: dashboards
automountServiceAccountToken: false
{{- with .Values.securityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
containers:
{{- if .Values.sidecar.enabled }}
- name: dashboards-sidecar
  image: "{{ .Values.sidecar.image.repository }}:{{ .Values.sidecar.image.tag }}"
  securityContext:
    {{- toYaml .Values.containerSecurityContext | nindent 4 }}
  resources:
    {{- toYaml .Values.sidecar.resources | nindent 4 }}
{{- end }}
- name: {{ .Chart.Name }}
  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
  securityContext:
    {{- toYaml .Values.containerSecurityContext | nindent 4 }}
  ports:
  - name: http
    containerPort: 3000
  env:
  - name: GF_SECURITY_ADMIN_PASSWORD
    valueFrom:
      secretKeyRef:
        name: {{ .Values.admin.existingSecret }}
        key: admin-password
  {{- range $key, $value := .Values.env }}
  - name: "{{ $key }}"
    value: {{ $value | quote }}
  {{- end }}
  livenessProbe:
    httpGet:
      path: /api/health
      port: 3000
  readinessProbe:
    httpGet:
      path: /api/health
      port: 3000
  resources:
    {{- toYaml .Values.resources | nindent 4 }}
{{- end }}
