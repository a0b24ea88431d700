{{- define "rollouts.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rollouts.image" -}}
{{ .Values.controller.image.registry }}/{{ .Values.controller.image.repository }}:{{ .Values.controller.image.tag }}
{{- end }}

{{- define "rollouts.serviceAccountName" -}}
{{- default (include "rollouts.fullname" .) .Values.serviceAccount.name }}
{{- end }}
