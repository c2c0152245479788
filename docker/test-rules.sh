#!/usr/bin/env bash
# Checks the Prometheus side of docker/: `promtool check config` on prometheus.yml (which also
# checks the rule file) and `promtool test rules` on the alert rules' unit tests; optionally
# `promtool check rules` on extra rule files given as arguments (the dashboard test passes its
# panel queries this way) and `promtool check metrics` on scrapes given as `--metrics FILE`. Run by PrometheusRulesTest from `mvn verify`; runs on its own too:
#   docker/test-rules.sh [extra-rules.yml ...] [--metrics scrape.txt ...]
#
# promtool: $PROMTOOL, else promtool on the PATH, else one extracted from Debian's `prometheus`
# package into a cache dir (apt-get download + dpkg-deb -x: no service is installed or started),
# else `apt-get install prometheus` as root (or with sudo -n). If none works this script fails
# with a message saying what to install: it never skips.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${SCANGATE_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/scangate}"

log() { echo "test-rules: $*" >&2; }

as_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}

find_promtool() {
  if [[ -n "${PROMTOOL:-}" ]]; then
    [[ -x "$PROMTOOL" ]] || { log "PROMTOOL=$PROMTOOL is not an executable"; exit 2; }
    echo "$PROMTOOL"; return 0
  fi
  if command -v promtool >/dev/null 2>&1; then command -v promtool; return 0; fi
  local cached
  cached="$(find "$cache" -path '*/usr/bin/promtool' -type f 2>/dev/null | head -1 || true)"
  if [[ -n "$cached" && -x "$cached" ]]; then echo "$cached"; return 0; fi
  return 1
}

install_promtool() {
  command -v apt-get >/dev/null 2>&1 || return 1
  local work
  work="$(mktemp -d)"
  # as root, apt's sandbox user cannot write into a private mktemp dir: let it
  chmod 0777 "$work"
  log "promtool not found: extracting it from Debian's prometheus package into $cache"
  if ! (cd "$work" && apt-get download prometheus >&2); then
    log "apt-get download failed; refreshing the package lists"
    as_root apt-get update -q >&2 || true
    (cd "$work" && apt-get download prometheus >&2) || { rm -rf "$work"; return 1; }
  fi
  mkdir -p "$cache"
  local deb
  deb="$(ls "$work"/prometheus_*.deb)"
  local dest="$cache/$(basename "$deb" .deb)"
  rm -rf "$dest"
  dpkg-deb -x "$deb" "$dest" >&2
  rm -rf "$work"
  [[ -x "$dest/usr/bin/promtool" ]]
}

promtool="$(find_promtool)" || {
  install_promtool || {
    log "extracting failed; trying apt-get install prometheus"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >&2 || true
  }
  promtool="$(find_promtool)" || {
    log "FAILED: promtool is not available and could not be installed."
    log "Install Debian's 'prometheus' package (apt-get install prometheus), or set PROMTOOL=/path/to/promtool."
    exit 2
  }
}
log "using $promtool ($("$promtool" --version 2>&1 | head -1))"

cd "$here/prometheus"
"$promtool" check config prometheus.yml
(cd rules && "$promtool" test rules scangate-alerts.test.yml)
while [[ $# -gt 0 ]]; do
  if [[ "$1" == --metrics ]]; then
    # lint a scrape; promtool exits non-zero on any finding, including those about the JVM
    # binders' names, so print the findings and let the caller judge them
    log "promtool check metrics < $2"
    "$promtool" check metrics < "$2" 2>&1 | sed 's/^/check-metrics: /' || true
    shift 2
  else
    "$promtool" check rules "$1"
    shift
  fi
done
log "OK"
