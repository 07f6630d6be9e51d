#!/usr/bin/env bash
# Runs once, when the PostgreSQL volume is new: Keel's database and role, and a role for Temporal's auto-setup
# (which creates its own databases, hence CREATEDB). Passwords come from the container's environment.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v keel_password="$KEEL_DB_PASSWORD" -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE keel LOGIN PASSWORD :'keel_password';
CREATE DATABASE keel OWNER keel;
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_password';
SQL
