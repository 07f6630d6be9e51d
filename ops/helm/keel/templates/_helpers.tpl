{{- define "keel.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "keel.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "keel.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "keel.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "keel.selectorLabels" -}}
app.kubernetes.io/name: {{ include "keel.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "keel.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "keel.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "keel.image" -}}
{{ printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "keel.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "keel.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding db password, payload keys, artifact keys and bootstrap token. */}}
{{- define "keel.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else }}
{{- printf "%s-secrets" (include "keel.fullname" .) }}
{{- end }}
{{- end }}

{{- define "keel.artifactsClaim" -}}
{{- default (printf "%s-artifacts" (include "keel.fullname" .)) .Values.artifacts.existingClaim }}
{{- end }}

{{/* JDBC URL from the postgresql values (TLS as the sslmode says; the CA mounted when given). */}}
{{- define "keel.jdbcUrl" -}}
{{- $pg := .Values.postgresql -}}
{{- $url := printf "jdbc:postgresql://%s:%v/%s?sslmode=%s" (required "postgresql.host is required" $pg.host) $pg.port $pg.database $pg.sslmode -}}
{{- if $pg.caSecret.name }}
{{- $url = printf "%s&sslrootcert=/etc/keel/db-ca/%s" $url $pg.caSecret.key -}}
{{- end }}
{{- $url -}}
{{- end }}

{{/* The temporal: section shared by every keel.yml. */}}
{{- define "keel.temporalConfig" -}}
{{- $t := .Values.temporal -}}
{{- $tls := dict "enabled" $t.tls.enabled -}}
{{- if $t.tls.enabled }}
{{- if $t.tls.secretName }}
{{- $_ := set $tls "caFile" (printf "/etc/keel/temporal-tls/%s" $t.tls.caKey) }}
{{- end }}
{{- if $t.tls.mutual }}
{{- $_ := set $tls "clientCertFile" (printf "/etc/keel/temporal-tls/%s" $t.tls.certKey) }}
{{- $_ := set $tls "clientKeyFile" (printf "/etc/keel/temporal-tls/%s" $t.tls.keyKey) }}
{{- end }}
{{- if $t.tls.serverName }}
{{- $_ := set $tls "serverName" $t.tls.serverName }}
{{- end }}
{{- end }}
{{- $enc := dict "uiOrigins" (default (list) $t.uiOrigins) -}}
{{- dict "target" (required "temporal.target is required" $t.target) "namespace" $t.namespace "startupWait" (default "5m" $t.startupWait) "tls" $tls "encryption" $enc | toYaml }}
{{- end }}

{{/* keel.yml of the engine and of the migration Job. Secrets only as ${VAR} from the environment. */}}
{{- define "keel.engineConfig" -}}
{{- $server := dict "applicationConnectors" (list (dict "type" "http" "port" 8080)) "adminConnectors" (list (dict "type" "http" "port" 8081)) -}}
{{- $db := dict "driverClass" "org.postgresql.Driver" "url" (include "keel.jdbcUrl" .) "user" .Values.postgresql.user "password" "${KEEL_DB_PASSWORD}" -}}
{{- $auth := dict "bootstrapToken" "${KEEL_BOOTSTRAP_TOKEN:-}" -}}
{{- $cfg := dict "server" $server "database" $db "temporal" (include "keel.temporalConfig" . | fromYaml) "auth" $auth "artifactRoot" "/var/lib/keel/artifacts" -}}
{{- $cfg = mustMergeOverwrite $cfg (deepCopy .Values.engine.extraConfig) -}}
{{- toYaml $cfg }}
{{- end }}

{{/* keel.yml of one worker pool (no database: workers never reach PostgreSQL). Call with (list $ $name $pool). */}}
{{- define "keel.workerConfig" -}}
{{- $root := index . 0 -}}
{{- $pool := index . 2 -}}
{{- $worker := dict "computeQueues" $pool.computeQueues "runPipelines" $pool.runPipelines "maxConcurrentActivities" $pool.maxConcurrentActivities "metricsPort" $root.Values.workers.metricsPort "metricsHost" "0.0.0.0" "heartbeatTimeout" $root.Values.workers.heartbeatTimeout -}}
{{- dict "temporal" (include "keel.temporalConfig" $root | fromYaml) "artifactRoot" "/var/lib/keel/artifacts" "worker" $worker | toYaml }}
{{- end }}

{{- define "keel.secretEnv" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $key := index . 2 -}}
{{- $optional := index . 3 -}}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "keel.secretName" $root }}
      key: {{ $key }}
      optional: {{ $optional }}
{{- end }}

{{/* Volumes every Keel pod mounts: config, artifacts, /tmp (the root filesystem is read-only), TLS material. */}}
{{- define "keel.volumes" -}}
{{- $root := index . 0 -}}
{{- $configMap := index . 1 -}}
- name: config
  configMap:
    name: {{ $configMap }}
- name: tmp
  emptyDir: {}
- name: artifacts
  persistentVolumeClaim:
    claimName: {{ include "keel.artifactsClaim" $root }}
{{- if and $root.Values.temporal.tls.enabled $root.Values.temporal.tls.secretName }}
- name: temporal-tls
  secret:
    secretName: {{ $root.Values.temporal.tls.secretName }}
{{- end }}
{{- if $root.Values.postgresql.caSecret.name }}
- name: db-ca
  secret:
    secretName: {{ $root.Values.postgresql.caSecret.name }}
{{- end }}
{{- end }}

{{- define "keel.volumeMounts" -}}
- name: config
  mountPath: /etc/keel/config
  readOnly: true
- name: tmp
  mountPath: /tmp
- name: artifacts
  mountPath: /var/lib/keel/artifacts
{{- if and .Values.temporal.tls.enabled .Values.temporal.tls.secretName }}
- name: temporal-tls
  mountPath: /etc/keel/temporal-tls
  readOnly: true
{{- end }}
{{- if .Values.postgresql.caSecret.name }}
- name: db-ca
  mountPath: /etc/keel/db-ca
  readOnly: true
{{- end }}
{{- end }}
