#!/usr/bin/env bash
# Prints the path of a binary from Debian's `prometheus` package: `promtool` or `prometheus` (the
# server). Used by docker/test-rules.sh (promtool) and AlertsFireIT (the server):
#   docker/prometheus-tool.sh promtool|prometheus
#
# Looks for: $PROMTOOL / $PROMETHEUS, else the tool on the PATH, else one extracted earlier into
# the cache dir ($SCANGATE_TOOLS_CACHE, else ~/.cache/scangate); else extracts the package there
# (apt-get download + dpkg-deb -x: no service is installed or started), else `apt-get install
# prometheus` as root (or with sudo -n). If none works it fails with a message saying what to
# install: it never prints nothing and succeeds.
set -euo pipefail
tool="${1:-}"
case "$tool" in
  promtool) override="${PROMTOOL:-}"; var=PROMTOOL ;;
  prometheus) override="${PROMETHEUS:-}"; var=PROMETHEUS ;;
  *) echo "usage: $0 promtool|prometheus" >&2; exit 2 ;;
esac
cache="${SCANGATE_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/scangate}"

log() { echo "prometheus-tool: $*" >&2; }

as_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}

find_tool() {
  if [[ -n "$override" ]]; then
    [[ -x "$override" ]] || { log "$var=$override is not an executable"; exit 2; }
    echo "$override"; return 0
  fi
  if command -v "$tool" >/dev/null 2>&1; then command -v "$tool"; return 0; fi
  local cached
  cached="$(find "$cache" -path "*/usr/bin/$tool" -type f 2>/dev/null | head -1 || true)"
  if [[ -n "$cached" && -x "$cached" ]]; then echo "$cached"; return 0; fi
  return 1
}

extract_package() {
  command -v apt-get >/dev/null 2>&1 || return 1
  local work
  work="$(mktemp -d)"
  # as root, apt's sandbox user cannot write into a private mktemp dir: let it
  chmod 0777 "$work"
  log "$tool not found: extracting it from Debian's prometheus package into $cache"
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
  [[ -x "$dest/usr/bin/$tool" ]]
}

find_tool && exit 0
extract_package || {
  log "extracting failed; trying apt-get install prometheus"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >&2 || true
}
find_tool || {
  log "FAILED: $tool is not available and could not be installed."
  log "Install Debian's 'prometheus' package (apt-get install prometheus), or set $var=/path/to/$tool."
  exit 2
}
