#!/usr/bin/env bash
# Validates docker/compose.yaml with `docker compose config` (Compose v2), else `docker-compose
# config` (Compose 1, Debian's `docker-compose` package). When neither is installed it installs
# Debian's docker-compose (as root, or with sudo -n) so that CI really runs the check; there is no
# Docker engine on these machines and none is needed for `config`. Exit 0 valid, 1 rejected,
# 3 no compose could be found or installed (the caller then checks the file structurally).
# Run by DockerFilesTest from `mvn verify`; runs on its own too: docker/check-compose.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
file="$here/compose.yaml"

as_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}

compose=()
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif command -v apt-get >/dev/null 2>&1; then
  echo "check-compose: no compose found; installing Debian's docker-compose" >&2
  if as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose >&2 \
      || { as_root apt-get update -q >&2 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose >&2; }; then
    compose=(docker-compose)
  fi
fi
if [[ ${#compose[@]} -eq 0 ]]; then
  echo "check-compose: neither 'docker compose' nor 'docker-compose' is available or installable" >&2
  exit 3
fi
echo "check-compose: ${compose[*]} -f $file config -q" >&2
if "${compose[@]}" -f "$file" config -q; then
  echo "check-compose: valid" >&2
else
  exit 1
fi
