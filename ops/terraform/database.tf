# Managed PostgreSQL for Keel: RDS, TLS required by the server (rds.force_ssl) and verified by Keel when the
# CA bundle is given, storage encrypted, reachable only from the given security groups.

resource "random_password" "db" {
  length           = 40
  special          = true
  override_special = "-_=+"
}

resource "aws_db_subnet_group" "keel" {
  name       = "${var.name}-db"
  subnet_ids = var.db_subnet_ids
  tags       = var.tags
}

resource "aws_security_group" "db" {
  name        = "${var.name}-db"
  description = "PostgreSQL of Keel"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "db" {
  count                        = length(var.db_allowed_security_group_ids)
  security_group_id            = aws_security_group.db.id
  referenced_security_group_id = var.db_allowed_security_group_ids[count.index]
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "PostgreSQL from Keel's pods"
}

resource "aws_db_parameter_group" "keel" {
  name   = "${var.name}-postgres${var.db_engine_version}"
  family = "postgres${var.db_engine_version}"
  tags   = var.tags

  # clients without TLS are refused
  parameter {
    name         = "rds.force_ssl"
    value        = "1"
    apply_method = "pending-reboot"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }
}

resource "aws_db_instance" "keel" {
  identifier                 = var.name
  engine                     = "postgres"
  engine_version             = var.db_engine_version
  instance_class             = var.db_instance_class
  allocated_storage          = var.db_allocated_storage_gb
  max_allocated_storage      = var.db_max_allocated_storage_gb
  storage_type               = "gp3"
  storage_encrypted          = true
  db_name                    = var.db_name
  username                   = var.db_username
  password                   = random_password.db.result
  port                       = 5432
  db_subnet_group_name       = aws_db_subnet_group.keel.name
  vpc_security_group_ids     = [aws_security_group.db.id]
  parameter_group_name       = aws_db_parameter_group.keel.name
  publicly_accessible        = false
  multi_az                   = var.db_multi_az
  backup_retention_period    = var.db_backup_retention_days
  deletion_protection        = var.db_deletion_protection
  auto_minor_version_upgrade = true
  copy_tags_to_snapshot      = true
  final_snapshot_identifier  = "${var.name}-final"
  tags                       = var.tags
}
