output "release_name" {
  description = "Name of the Helm release."
  value       = helm_release.keel.name
}

output "namespace" {
  description = "Kubernetes namespace of Keel."
  value       = local.namespace
}

output "engine_service" {
  description = "In-cluster address of Keel's API (the engine Service, port 8080)."
  value       = "${var.name}-engine.${local.namespace}.svc:8080"
}

output "secret_name" {
  description = "Kubernetes Secret holding the database password, payload keys, artifact keys and bootstrap token."
  value       = kubernetes_secret.keel.metadata[0].name
}

output "db_address" {
  description = "Host name of the RDS instance."
  value       = aws_db_instance.keel.address
}

output "db_port" {
  description = "Port of the RDS instance."
  value       = aws_db_instance.keel.port
}

output "db_name" {
  description = "Database of Keel on the RDS instance."
  value       = var.db_name
}

output "db_instance_arn" {
  description = "ARN of the RDS instance."
  value       = aws_db_instance.keel.arn
}

output "db_security_group_id" {
  description = "Security group of the RDS instance (add ingress rules to it for other clients)."
  value       = aws_security_group.db.id
}

output "db_password" {
  description = "Password of the database user (also in the Kubernetes Secret)."
  value       = random_password.db.result
  sensitive   = true
}
