#!/usr/bin/env bash
# Where the time goes in scangate under load: a JFR recording of `bin/scangate serve` (profile
# settings, method samples every 10 ms per thread, debug info at non-safepoints) while
# `scangate loadtest --mode max` loads it, then a summary of the samples from `jfr print`:
# CPU per thread (jdk.ThreadCPULoad), samples per thread, the top frames (self) and the methods on
# the most stacks (total) for the event loops and the verifier.
#
# Usage: bench/profile.sh              (build first, or let bin/scangate build)
# Knobs (environment): DURABILITY=async CONNECTIONS=64 DURATION=15s WARMUP=5s CODES=400000
#   REPEAT_RATIO=0.9 TOP=25 OUT_DIR=target/bench
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOKEN=bench-profile-admin-token-0123456789
DURABILITY=${DURABILITY:-async}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
CODES=${CODES:-400000}
REPEAT_RATIO=${REPEAT_RATIO:-0.9}
TOP=${TOP:-25}
OUT_DIR=${OUT_DIR:-$ROOT/target/bench}

# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
command -v jfr >/dev/null 2>&1 || { echo "profile.sh: the JDK's jfr tool is not on the PATH" >&2; exit 1; }

STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT="$OUT_DIR/profile-$DURABILITY-$STAMP"
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/scangate-profile.XXXXXX)
cleanup() { stop_server KILL; rm -rf "$WORK"; }
trap cleanup EXIT

JFR="$OUT/scangate.jfr"
log "starting scangate (durability=$DURABILITY) with a JFR recording to $JFR"
SCANGATE_DURABILITY=$DURABILITY \
  JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$JFR" \
  start_server "$WORK/data" "$OUT/server.log"
id=$(admin POST /admin/batches "{\"sku\":\"BENCH-COLA-330\",\"gtin\":\"06901234567892\",\"region\":\"CN-31\",\"count\":$CODES}" \
  | sed -n 's/.*"batchId":\([0-9]*\).*/\1/p')
admin GET "/admin/batches/$id/codes" >"$WORK/codes.txt"
log "loading it: scangate loadtest --mode max --connections $CONNECTIONS --warmup $WARMUP --duration $DURATION"
timeout 300 "$ROOT/bin/scangate" loadtest --url "http://127.0.0.1:$HTTP_PORT" --mode max --connections "$CONNECTIONS" \
  --warmup "$WARMUP" --duration "$DURATION" --codes "$WORK/codes.txt" --repeat-ratio "$REPEAT_RATIO" --device-count 1024 \
  --out "$OUT/loadgen" >"$OUT/loadgen.txt" 2>&1
grep -E '^(achieved|latency)' "$OUT/loadgen.txt" >&2
stop_server TERM
[[ -s "$JFR" ]] || { log "no recording in $JFR"; exit 1; }

{
  echo "# scangate durability=$DURABILITY under scangate loadtest --mode max -c $CONNECTIONS, $(nproc) cores, $STAMP UTC"
  grep -E '^(achieved|latency)' "$OUT/loadgen.txt"
  echo
  echo "## CPU per thread (jdk.ThreadCPULoad, mean of the samples, share of one core's user+system)"
  jfr print --events jdk.ThreadCPULoad "$JFR" | awk '
    /eventThread = / { t = $0; sub(/.*eventThread = "/, "", t); sub(/".*/, "", t); sub(/-[0-9]+$/, "-N", t) }
    /user = / { u = $3; sub(/%/, "", u) }
    /system = / { s = $3; sub(/%/, "", s); sum[t] += u + s; n[t]++ }
    END { for (t in sum) printf "%7.1f %%  %s\n", sum[t] / n[t] * (t ~ /-N$/ ? 1 : 1), t }' | sort -rn | head -15
  echo
  jfr print --events jdk.ExecutionSample --stack-depth 64 "$JFR" >"$WORK/samples.txt"
  echo "## method samples per thread"
  awk '/sampledThread = / { t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); n[t]++; all++ }
    END { for (t in n) printf "%6d  %5.1f %%  %s\n", n[t], 100 * n[t] / all, t }' "$WORK/samples.txt" | sort -rn | head -15
  for group in scangate-http scangate-verifier; do
    echo
    echo "## $group: top $TOP frames (self)"
    awk -v g="$group" '
      /sampledThread = / { t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); want = index(t, g) == 1; first = 1; next }
      /stackTrace = \[/ { inStack = 1; next }
      inStack && /^[ \t]*\]/ { inStack = 0; next }
      inStack && want && first { f = $0; sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*/, "", f); self[f]++; total++; first = 0 }
      END { for (f in self) printf "%6d  %5.1f %%  %s\n", self[f], 100 * self[f] / total, f }' "$WORK/samples.txt" | sort -rn | head -"$TOP"
    echo
    echo "## $group: top $TOP methods on the stack (total, stacks cut at 64 frames)"
    awk -v g="$group" '
      /sampledThread = / { t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); want = index(t, g) == 1; if (want) total++; delete seen; next }
      /stackTrace = \[/ { inStack = 1; next }
      inStack && /^[ \t]*\]/ { inStack = 0; next }
      inStack && want { f = $0; sub(/^[ \t]+/, "", f); sub(/\(.*/, "", f); if (!(f in seen)) { seen[f] = 1; on[f]++ } }
      END { for (f in on) printf "%6d  %5.1f %%  %s\n", on[f], 100 * on[f] / total, f }' "$WORK/samples.txt" | sort -rn | head -"$TOP"
  done
} | tee "$OUT/summary.txt"
log "recording $JFR, summary $OUT/summary.txt"
