{{/*
  keel db migrate as a pre-install/pre-upgrade hook Job. Hooks run before the release's own resources exist, so the
  Job gets its own hook ConfigMap (and, when the chart makes the Secret, a hook Secret with the database password),
  created first (lower weight). Rendered by migration-job.yaml (and, as text, by the chart's tests: Helm's template
  output leaves hooks out).
*/}}
{{- define "keel.migration" -}}
{{- if .Values.migration.enabled }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "keel.fullname" . }}-migrate
  labels:
    {{- include "keel.labels" . | nindent 4 }}
    app.kubernetes.io/component: migrate
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-10"
    helm.sh/hook-delete-policy: before-hook-creation
data:
  keel.yml: |
    {{- include "keel.engineConfig" . | nindent 4 }}
{{- if not .Values.secrets.existingSecret }}
---
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "keel.fullname" . }}-migrate
  labels:
    {{- include "keel.labels" . | nindent 4 }}
    app.kubernetes.io/component: migrate
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-10"
    helm.sh/hook-delete-policy: before-hook-creation
type: Opaque
data:
  {{ .Values.secrets.keys.dbPassword }}: {{ required "secrets.values.dbPassword (or secrets.existingSecret) is required" .Values.secrets.values.dbPassword | b64enc | quote }}
{{- end }}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "keel.fullname" . }}-migrate
  labels:
    {{- include "keel.labels" . | nindent 4 }}
    app.kubernetes.io/component: migrate
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "0"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ .Values.migration.backoffLimit }}
  activeDeadlineSeconds: {{ .Values.migration.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "keel.selectorLabels" . | nindent 8 }}
        app.kubernetes.io/component: migrate
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: migrate
          image: {{ include "keel.image" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          args: ["db", "migrate", "/etc/keel/config/keel.yml"]
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          env:
            - name: KEEL_DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ if .Values.secrets.existingSecret }}{{ .Values.secrets.existingSecret }}{{ else }}{{ include "keel.fullname" . }}-migrate{{ end }}
                  key: {{ .Values.secrets.keys.dbPassword }}
          resources:
            {{- toYaml .Values.migration.resources | nindent 12 }}
          volumeMounts:
            - name: config
              mountPath: /etc/keel/config
              readOnly: true
            - name: tmp
              mountPath: /tmp
            {{- if .Values.postgresql.caSecret.name }}
            - name: db-ca
              mountPath: /etc/keel/db-ca
              readOnly: true
            {{- end }}
      volumes:
        - name: config
          configMap:
            name: {{ include "keel.fullname" . }}-migrate
        - name: tmp
          emptyDir: {}
        {{- if .Values.postgresql.caSecret.name }}
        - name: db-ca
          secret:
            secretName: {{ .Values.postgresql.caSecret.name }}
        {{- end }}
{{- end }}
{{- end }}
