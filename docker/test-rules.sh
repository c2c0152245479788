#!/usr/bin/env bash
# Checks the Prometheus side of docker/: `promtool check config` on prometheus.yml (which also
# checks the rule file) and `promtool test rules` on the alert rules' unit tests; optionally
# `promtool check rules` on extra rule files given as arguments (the dashboard test passes its
# panel queries this way) and `promtool check metrics` on scrapes given as `--metrics FILE`. Run by PrometheusToolingTest from `mvn verify`; runs on its own too:
#   docker/test-rules.sh [extra-rules.yml ...] [--metrics scrape.txt ...]
#
# promtool: found, extracted or installed by docker/prometheus-tool.sh ($PROMTOOL, the PATH, a
# cache dir, Debian's `prometheus` package). If none works this script fails with a message
# saying what to install: it never skips.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { echo "test-rules: $*" >&2; }

promtool="$("$here/prometheus-tool.sh" promtool)"
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
