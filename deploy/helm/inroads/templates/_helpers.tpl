{{- define "inroads.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "inroads.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "inroads.labels" -}}
app.kubernetes.io/name: {{ include "inroads.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "inroads.secretName" -}}
{{- default (printf "%s-secrets" (include "inroads.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "inroads.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* An env var from the Secret; optional so a key you don't use may be absent. */}}
{{- define "inroads.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "inroads.secretName" .root }}
      key: {{ .name }}
      optional: {{ .optional }}
{{- end -}}

{{/* INROADS_METRICS_TOKEN from the Secret when metrics.requireToken is on: not optional,
so a Secret without the key stops the pod from starting instead of leaving /metrics open. */}}
{{- define "inroads.metricsTokenEnv" -}}
{{- if .Values.metrics.requireToken -}}
{{ include "inroads.secretEnv" (dict "root" . "name" "INROADS_METRICS_TOKEN" "optional" false) }}
{{- end }}
{{- end -}}

{{/* Everything a bot container shares: image, config, probes, security, volumes. */}}
{{- define "inroads.container" -}}
image: {{ include "inroads.image" .root }}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
args: ["run"]
envFrom:
  - configMapRef:
      name: {{ include "inroads.fullname" .root }}
ports:
  - name: http
    containerPort: {{ .root.Values.httpPort }}
    protocol: TCP
# Startup covers the wait for PostgreSQL and the migrations (up to 5 minutes).
startupProbe:
  httpGet: {path: /healthz, port: http}
  periodSeconds: 5
  failureThreshold: 60
livenessProbe:
  httpGet: {path: /healthz, port: http}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /readyz, port: http}
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 2
securityContext:
  {{- toYaml .root.Values.securityContext | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end -}}

{{- define "inroads.podSpecCommon" -}}
terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir: {}
{{- end -}}
