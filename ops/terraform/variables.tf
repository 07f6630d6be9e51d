variable "name" {
  description = "Name of the Helm release and prefix of the AWS resources (RDS instance, parameter group, security group)."
  type        = string
  default     = "keel"
}

variable "namespace" {
  description = "Kubernetes namespace Keel is installed in."
  type        = string
  default     = "keel"
}

variable "create_namespace" {
  description = "Whether this module creates the namespace (false: it exists already)."
  type        = bool
  default     = true
}

variable "chart_path" {
  description = "Path of Keel's Helm chart; empty means ops/helm/keel next to this module."
  type        = string
  default     = ""
}

variable "image_repository" {
  description = "Container image of Keel (built from ops/docker/Dockerfile)."
  type        = string
}

variable "image_tag" {
  description = "Tag of the Keel image."
  type        = string
}

variable "engine_replicas" {
  description = "Replicas of the engine Deployment (API, serving, control worker)."
  type        = number
  default     = 2
}

variable "extra_values" {
  description = "More Helm values files' contents (YAML), applied after this module's values (e.g. worker pools, OIDC)."
  type        = list(string)
  default     = []
}

variable "temporal_target" {
  description = "host:port of the Temporal frontend (a Temporal cluster or Temporal Cloud)."
  type        = string
}

variable "temporal_namespace" {
  description = "Temporal namespace of Keel's workflows (it must exist)."
  type        = string
  default     = "keel"
}

variable "temporal_tls_enabled" {
  description = "Whether Keel connects to the Temporal frontend over TLS."
  type        = bool
  default     = true
}

variable "temporal_tls_secret_name" {
  description = "Kubernetes Secret with ca.crt (and tls.crt, tls.key for mutual TLS) for Temporal; empty: the JVM's trusted roots, no client certificate."
  type        = string
  default     = ""
}

variable "temporal_tls_mutual" {
  description = "Whether Keel presents the client certificate of temporal_tls_secret_name (mutual TLS)."
  type        = bool
  default     = false
}

variable "temporal_server_name" {
  description = "Name checked in the Temporal frontend's certificate when it differs from the target's host; empty: the host."
  type        = string
  default     = ""
}

variable "vpc_id" {
  description = "VPC of the RDS instance (the Kubernetes nodes must reach it)."
  type        = string
}

variable "db_subnet_ids" {
  description = "Private subnets of the RDS instance (at least two availability zones)."
  type        = list(string)
}

variable "db_allowed_security_group_ids" {
  description = "Security groups allowed to reach PostgreSQL on 5432 (e.g. the Kubernetes nodes' or pods' security group)."
  type        = list(string)
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "db_engine_version" {
  description = "PostgreSQL major version of the RDS instance; the parameter group family follows it."
  type        = string
  default     = "16"
}

variable "db_allocated_storage_gb" {
  description = "Storage of the RDS instance in GiB (it grows up to db_max_allocated_storage_gb)."
  type        = number
  default     = 50
}

variable "db_max_allocated_storage_gb" {
  description = "Upper limit of RDS storage autoscaling in GiB."
  type        = number
  default     = 500
}

variable "db_name" {
  description = "Database of Keel on the RDS instance."
  type        = string
  default     = "keel"
}

variable "db_username" {
  description = "Master user of the RDS instance, used by Keel."
  type        = string
  default     = "keel"
}

variable "db_multi_az" {
  description = "Whether the RDS instance has a standby in another availability zone."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "Days RDS keeps automated backups."
  type        = number
  default     = 14
}

variable "db_deletion_protection" {
  description = "Whether the RDS instance refuses deletion (turn off before destroying)."
  type        = bool
  default     = true
}

variable "db_ca_bundle_pem" {
  description = "CA bundle (PEM) of RDS for sslmode=verify-full; empty: sslmode=require (TLS without verifying the server)."
  type        = string
  default     = ""
}

variable "payload_keys" {
  description = "Temporal payload keys: <id>:<base64 of 32 bytes>, comma-separated, the last one encrypts."
  type        = string
  sensitive   = true
}

variable "artifact_keys" {
  description = "Artifact store keys, same format as payload_keys."
  type        = string
  sensitive   = true
}

variable "bootstrap_token" {
  description = "Admin token for the first start only (keel_...); empty once real users and tokens exist."
  type        = string
  default     = ""
  sensitive   = true
}

variable "artifacts_storage_class" {
  description = "StorageClass of the artifact volume; it must offer ReadWriteMany (e.g. EFS)."
  type        = string
}

variable "artifacts_size" {
  description = "Size of the artifact volume (Kubernetes quantity)."
  type        = string
  default     = "100Gi"
}

variable "tags" {
  description = "Tags on every AWS resource."
  type        = map(string)
  default     = {}
}
