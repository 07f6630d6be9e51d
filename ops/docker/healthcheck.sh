#!/usr/bin/env bash
# Container health check with nothing but bash (the JRE image need not have curl): GET
# http://127.0.0.1:$KEEL_HEALTH_PORT$KEEL_HEALTH_PATH over /dev/tcp; healthy (exit 0) on HTTP 200 only.
# Defaults: the engine's admin port, 8081 /healthcheck. Workers: KEEL_HEALTH_PORT=9464 KEEL_HEALTH_PATH=/metrics.
set -euo pipefail
port="${KEEL_HEALTH_PORT:-8081}"
path="${KEEL_HEALTH_PATH:-/healthcheck}"
host="${KEEL_HEALTH_HOST:-127.0.0.1}"

exec 3<>"/dev/tcp/${host}/${port}"
printf 'GET %s HTTP/1.0\r\nHost: %s:%s\r\nConnection: close\r\n\r\n' "$path" "$host" "$port" >&3
status_line=""
IFS= read -r -t 5 status_line <&3 || true
exec 3<&-
status="$(printf '%s' "$status_line" | cut -d' ' -f2)"
if [ "$status" = 200 ]; then
  exit 0
fi
echo "unhealthy: GET ${path} on port ${port} answered '${status_line%$'\r'}'" >&2
exit 1
