#!/usr/bin/env bash
# Checks Keel's Prometheus alerting rules and runs their unit tests. Needs promtool (Debian/Ubuntu: the
# `prometheus` package; or the Prometheus release tarball).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool not found: install the prometheus package (apt-get install prometheus) or a Prometheus release" >&2
  exit 1
fi
promtool check rules keel-alerts.yml
promtool test rules keel-alerts.test.yml
