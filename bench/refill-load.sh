#!/usr/bin/env bash
# Issue 17: what the ledger's refill behind the server costs the scans answered meanwhile. After a
# crash the server listens once the snapshot is indexed and the journal's tail collected; the map
# is refilled by a thread of its own afterwards (docs/SNAPSHOTS.md), and until then every code the
# map lacks is looked up in the heap as well.
#
# On DATA_DIR (bench/snapshot-restart.sh with KEEP_DATA=DIR leaves one, killed), ROUNDS times:
# start bin/scangate serve (recovery from the snapshot), create a batch of fresh codes, run the load
# generator at once (max mode, closed model) while the refill runs ("during"), wait for
# event=ledger_refilled, run it again on the next slice of codes ("after"), kill -9. Reports per
# run scans/s, p50, p99, max, errors, how far into the run the refill ended, the refill's millis and
# the 1-minute load average; then the during/after rate ratio (medians).
#
# Usage: bench/refill-load.sh DATA_DIR   (build first: mvn -q -B -o -DskipTests package)
# Knobs (environment): ENTRIES=11000000 ROUNDS=2 CONNECTIONS=64 DURATION_S=6 REPEAT_RATIO=0.9
#   SLICE=100000 OUT_DIR=target/bench
# All traffic goes to 127.0.0.1; every phase is bounded by `timeout`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOKEN=bench-admin-token-0123456789
DATA=${1:?usage: bench/refill-load.sh DATA_DIR}
ENTRIES=${ENTRIES:-11000000} ROUNDS=${ROUNDS:-2} CONNECTIONS=${CONNECTIONS:-64} DURATION_S=${DURATION_S:-6}
REPEAT_RATIO=${REPEAT_RATIO:-0.9} SLICE=${SLICE:-100000} OUT_DIR=${OUT_DIR:-$ROOT/target/bench}
# no new snapshot: every start recovers from the same one
export SCANGATE_LEDGER_ENTRIES=$ENTRIES SCANGATE_SNAPSHOT_INTERVAL=24h SCANGATE_SNAPSHOT_JOURNAL_BYTES=1099511627776
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"

RAW="$OUT_DIR/refill-load-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$RAW"
WORK=$(mktemp -d /tmp/scangate-refill.XXXXXX)
cleanup() {
  stop_server KILL
  rm -rf "$WORK"
}
trap cleanup EXIT

run() { # run NAME: one load generator run over $WORK/slice.txt; its JSON in $RAW/NAME.json
  timeout 120 "$ROOT/bin/scangate" loadtest --mode max --rate 10000000 --url "http://127.0.0.1:$HTTP_PORT" \
    --connections "$CONNECTIONS" --duration "${DURATION_S}s" --warmup 0s --drain 5s --codes "$WORK/slice.txt" \
    --repeat-ratio "$REPEAT_RATIO" --device-count 1024 --out "$RAW/$1" >"$RAW/$1.txt" 2>&1 \
    || { log "load generator failed:"; cat "$RAW/$1.txt" >&2; exit 1; }
}

ROWS="$WORK/rows.txt"
: >"$ROWS"
row() { # row KIND ROUND REFILL_END_S REFILL_MS
  local f="$RAW/$1-r$2.json"
  printf '%s %s %s %s %s %s %s %s %s\n' "$1" "$2" "$(jget "$f" achievedRate)" "$(jget "$f" latencyMicros.p50)" "$(jget "$f" latencyMicros.p99)" \
    "$(jget "$f" latencyMicros.max)" "$(($(jget "$f" errors.non2xx) + $(jget "$f" errors.unanswered) + $(jget "$f" errors.io)))" "$3 $4" \
    "$(cut -d' ' -f1 /proc/loadavg)" >>"$ROWS"
  log "[$1-r$2] $(tail -1 "$ROWS" | cut -d' ' -f3-) (rate p50 p99 max(us) errors refill-end-s refill-ms load)"
}

for r in $(seq 0 $((ROUNDS - 1))); do
  logf="$RAW/server-r$r.log"
  start_server "$DATA" "$logf"
  listening=$(date +%s%N)
  log "[r$r] listening after $STARTUP_MS ms ($(grep -o 'event=recovered mode=[A-Z]*' "$logf"))"
  grep -q 'event=recovered mode=SNAPSHOT' "$logf" || { log "not a recovery from a snapshot: pass a killed data dir"; exit 1; }
  id=$(admin POST /admin/batches "{\"sku\":\"REFILL-$r\",\"gtin\":\"06901234567892\",\"region\":\"CN-31\",\"count\":$((2 * SLICE))}" \
    | sed -n 's/.*"batchId":\([0-9]*\).*/\1/p')
  [[ -n "$id" ]] || { log "batch creation failed"; exit 1; }
  admin GET "/admin/batches/$id/codes" >"$WORK/codes.txt"
  head -n "$SLICE" "$WORK/codes.txt" >"$WORK/slice.txt"
  started=$(date +%s%N)
  run "during-r$r"
  for _ in $(seq 1 600); do
    grep -q -E 'event=(ledger_refilled|ledger_refill_failed) ' "$logf" && break
    sleep 0.1
  done
  refill_ms=$(grep 'event=ledger_refilled ' "$logf" | sed -n 's/.* millis=\([0-9]*\).*/\1/p')
  [[ -n "$refill_ms" ]] || { log "no event=ledger_refilled in $logf"; exit 1; }
  # the refill starts just before "listening": how far into the "during" run did it end
  end_s=$(awk -v l="$listening" -v s="$started" -v m="$refill_ms" 'BEGIN { printf "%.1f", (l / 1e6 + m - s / 1e6) / 1000 }')
  row during "$r" "$end_s" "$refill_ms"
  tail -n "$SLICE" "$WORK/codes.txt" >"$WORK/slice.txt"
  run "after-r$r"
  row after "$r" - -
  stop_server KILL
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
{
  echo "bench/refill-load.sh on $DATA: $ROUNDS rounds, ${DURATION_S}s runs, $CONNECTIONS connections, max mode, repeat ratio $REPEAT_RATIO ($(date -u +%FT%TZ))"
  echo
  echo "| run | round | scans/s | p50 ms | p99 ms | max ms | errors | refill ended (s into the run) | refill ms | load (1 min) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk '{ printf "| %s | %s | %.0f | %.2f | %.2f | %.1f | %s | %s | %s | %s |\n", $1, $2, $3, $4 / 1000, $5 / 1000, $6 / 1000, $7, $8, $9, $10 }' "$ROWS"
  echo
  d=$(awk '$1 == "during" { print $3 }' "$ROWS" | median)
  a=$(awk '$1 == "after" { print $3 }' "$ROWS" | median)
  awk -v d="$d" -v a="$a" 'BEGIN { printf "median scans/s: during the refill %.0f, after %.0f, during/after %.3f\n", d, a, (a > 0 ? d / a : 0) }'
} | tee "$RAW.txt"
