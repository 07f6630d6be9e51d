#!/usr/bin/env bash
# Installs the command-line tools that the ops tests run, when they are missing (a fresh CI machine has none):
#   ops/tools/ensure-tools.sh docker-compose shellcheck promtool prometheus prometheus-alertmanager
# Debian packages, installed with apt-get as root; elsewhere it names the packages to install and fails.
set -euo pipefail

package_of() {
  case "$1" in
    docker-compose) echo docker-compose ;;   # v1.29: `config -q` validates a compose file without an engine
    shellcheck) echo shellcheck ;;
    promtool|prometheus) echo prometheus ;;
    prometheus-alertmanager) echo prometheus-alertmanager ;;  # the live alert test's Alertmanager
    chromium) echo chromium ;;                 # the console's browser tests (headless)
    chromedriver) echo chromium-driver ;;      # ... driven by Selenium through it
    *) echo "ensure-tools: unknown tool '$1' (known: docker-compose, shellcheck, promtool, prometheus," \
         "prometheus-alertmanager, chromium, chromedriver)" >&2; return 2 ;;
  esac
}

missing=()
for tool in "$@"; do
  package="$(package_of "$tool")"
  if ! command -v "$tool" >/dev/null 2>&1; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-tools: missing ${missing[*]}: install these Debian packages (or the tools) and run again" >&2
  exit 1
fi
echo "ensure-tools: installing ${missing[*]} (Debian) for the ops tests..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
