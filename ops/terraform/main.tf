# Keel on Kubernetes: its Secrets and the Helm release of ops/helm/keel against the RDS instance of database.tf
# and an external Temporal. The helm and kubernetes providers are configured by the caller (README.md).

locals {
  chart_path = var.chart_path != "" ? var.chart_path : "${path.module}/../helm/keel"
  namespace  = var.create_namespace ? kubernetes_namespace.keel[0].metadata[0].name : var.namespace
  db_ca      = var.db_ca_bundle_pem != ""
  secret     = "${var.name}-secrets"

  values = {
    fullnameOverride = var.name
    image = {
      repository = var.image_repository
      tag        = var.image_tag
    }
    postgresql = {
      host     = aws_db_instance.keel.address
      port     = aws_db_instance.keel.port
      database = var.db_name
      user     = var.db_username
      sslmode  = local.db_ca ? "verify-full" : "require"
      caSecret = {
        name = local.db_ca ? "${var.name}-db-ca" : ""
        key  = "ca.crt"
      }
    }
    temporal = {
      target    = var.temporal_target
      namespace = var.temporal_namespace
      tls = {
        enabled    = var.temporal_tls_enabled
        secretName = var.temporal_tls_secret_name
        mutual     = var.temporal_tls_mutual
        serverName = var.temporal_server_name
      }
    }
    secrets = {
      existingSecret = local.secret
    }
    artifacts = {
      storageClass = var.artifacts_storage_class
      size         = var.artifacts_size
    }
    engine = {
      replicas = var.engine_replicas
    }
  }
}

resource "kubernetes_namespace" "keel" {
  count = var.create_namespace ? 1 : 0
  metadata {
    name = var.namespace
  }
}

resource "kubernetes_secret" "keel" {
  metadata {
    name      = local.secret
    namespace = local.namespace
  }
  data = {
    "db-password"     = random_password.db.result
    "payload-keys"    = var.payload_keys
    "artifact-keys"   = var.artifact_keys
    "bootstrap-token" = var.bootstrap_token
  }
}

resource "kubernetes_secret" "db_ca" {
  count = local.db_ca ? 1 : 0
  metadata {
    name      = "${var.name}-db-ca"
    namespace = local.namespace
  }
  data = {
    "ca.crt" = var.db_ca_bundle_pem
  }
}

resource "helm_release" "keel" {
  name      = var.name
  namespace = local.namespace
  chart     = local.chart_path
  values    = concat([yamlencode(local.values)], var.extra_values)
  # the migration hook Job runs first; wait for the Deployments to become ready
  wait            = true
  timeout         = 900
  atomic          = true
  cleanup_on_fail = true

  depends_on = [kubernetes_secret.keel, kubernetes_secret.db_ca, aws_db_instance.keel]
}
