{{/* Names and labels. */}}
{{- define "sextant.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sextant.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "sextant.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "sextant.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "sextant.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sextant.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "sextant.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sextant.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Where the engine keeps its data; the Dockerfile declares the same volume. */}}
{{- define "sextant.dataDir" -}}/var/lib/sextant{{- end }}

{{/*
Refuses value combinations that would deploy a broken engine, with a message saying what to set.
Included by the Deployment so that `helm template` and `helm install` both stop on them.
*/}}
{{- define "sextant.validate" -}}
{{- if gt (int .Values.replicaCount) 1 }}
{{- if not .Values.postgres.enabled }}
{{- fail "replicaCount > 1 needs postgres.enabled=true: replicas share work through Quartz's clustered job store on PostgreSQL" }}
{{- end }}
{{- if not .Values.secrets.adminToken.existingSecret }}
{{- fail "replicaCount > 1 needs secrets.adminToken.existingSecret: each replica would otherwise generate its own admin token" }}
{{- end }}
{{- if .Values.persistence.enabled }}
{{- fail "replicaCount > 1 needs persistence.enabled=false: each replica keeps its own Git cache in an emptyDir, shared state lives in PostgreSQL" }}
{{- end }}
{{- end }}
{{- if .Values.postgres.enabled }}
{{- if not .Values.postgres.host }}
{{- fail "postgres.enabled=true needs postgres.host" }}
{{- end }}
{{- if not .Values.postgres.passwordSecret.name }}
{{- fail "postgres.enabled=true needs postgres.passwordSecret.name: an existing Secret holding the database password" }}
{{- end }}
{{- end }}
{{- $sources := list }}
{{- range .Values.sextant.sources }}
{{- $sources = append $sources .name }}
{{- end }}
{{- range $name, $cred := .Values.gitCredentials }}
{{- if not (has $name $sources) }}
{{- fail (printf "gitCredentials.%s: no source named %q in sextant.sources" $name $name) }}
{{- end }}
{{- if not $cred.existingSecret }}
{{- fail (printf "gitCredentials.%s.existingSecret: name the Secret holding the credentials" $name) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
sextant.sources as configured, with `auth` pointing at the mounted credentials of gitCredentials
and `webhook` at secrets.webhook where the source sets none.
*/}}
{{- define "sextant.sources" -}}
{{- $root := . }}
{{- $out := list }}
{{- range $src := .Values.sextant.sources }}
{{- $s := deepCopy $src }}
{{- $cred := get $root.Values.gitCredentials (toString $s.name) }}
{{- if $cred }}
{{- $dir := printf "/etc/sextant/git/%s" $s.name }}
{{- $auth := dict }}
{{- if $cred.sshKeyKey }}
{{- $_ := set $auth "ssh-key-file" (printf "%s/%s" $dir $cred.sshKeyKey) }}
{{- if $cred.knownHostsKey }}
{{- $_ := set $auth "known-hosts" (printf "%s/%s" $dir $cred.knownHostsKey) }}
{{- end }}
{{- else }}
{{- $_ := set $auth "token-file" (printf "%s/%s" $dir (default "token" $cred.tokenKey)) }}
{{- if $cred.username }}
{{- $_ := set $auth "username" $cred.username }}
{{- end }}
{{- end }}
{{- $_ := set $s "auth" $auth }}
{{- end }}
{{- if and $root.Values.secrets.webhook.existingSecret (not (hasKey $s "webhook")) }}
{{- $_ := set $s "webhook" (dict "secret-env" $root.Values.secrets.webhook.env) }}
{{- end }}
{{- $out = append $out $s }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/* The whole application.yaml the engine reads from /config. */}}
{{- define "sextant.applicationYaml" -}}
{{- $engine := dict "data-dir" (include "sextant.dataDir" .) }}
{{- range $key, $value := omit .Values.sextant "sources" "data-dir" }}
{{- if $value }}
{{- $_ := set $engine $key $value }}
{{- end }}
{{- end }}
{{- if .Values.sextant.sources }}
{{- $_ := set $engine "sources" (include "sextant.sources" . | fromYamlArray) }}
{{- end }}
{{- $config := dict
  "sextant" $engine
  "server" (dict "port" 8080)
  "management" (dict "endpoint" (dict "health" (dict "probes" (dict "enabled" true)))) }}
{{- toYaml (mergeOverwrite $config (deepCopy .Values.extraConfig)) }}
{{- end }}

{{/* Namespaces of in-cluster kubernetes backends (no url or kubeconfig of their own). */}}
{{- define "sextant.kubernetesNamespaces" -}}
{{- $namespaces := list }}
{{- range .Values.sextant.backends }}
{{- if and (eq (toString .type) "kubernetes") (not .url) (not .kubeconfig) }}
{{- $namespaces = append $namespaces (default $.Release.Namespace .namespace) }}
{{- end }}
{{- end }}
{{- toYaml (uniq $namespaces) }}
{{- end }}
