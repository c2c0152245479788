#!/usr/bin/env bash
# Issue 17: scan throughput and latency while a snapshot runs, on a data dir of 10M scanned codes
# (bench/snapshot-restart.sh with KEEP_DATA=DIR leaves one).
#
# Starts bin/scangate serve on DATA_DIR (bench/common.sh's settings; scheduled snapshots off:
# snapshot.interval 24h, snapshot.journal.bytes 1 TiB, so only the requested ones run), creates a
# batch of fresh codes, runs the load generator once unmeasured (JIT warm-up after the restart),
# then ROUNDS rounds of two interleaved runs in max mode (closed model, CONNECTIONS connections,
# WARMUP + DURATION, REPEAT_RATIO of repeats over its own slice of fresh codes, as bench/ab): one
# without a snapshot, one with a POST /admin/snapshot sent SNAPSHOT_AT seconds into the measured
# time (their order alternates by round). Reports per run scans/s, p50, p99, p99.9, max, errors,
# the snapshot's millis and verifierPauseMillis, the 1-minute load average at the run's end; then
# the medians and the with/without rate ratio.
#
# Usage: bench/snapshot-load.sh DATA_DIR   (build first: mvn -q -B -o -DskipTests package)
# Knobs (environment): ENTRIES=11000000 ROUNDS=3 CONNECTIONS=64 DURATION_S=20 WARMUP_S=2
#   SNAPSHOT_AT=5 REPEAT_RATIO=0.9 SLICE=100000 OUT_DIR=target/bench
#   ACTION=/admin/snapshot (or /admin/ledger/verify: the same runs around a verification)
# All traffic goes to 127.0.0.1; every phase is bounded by `timeout`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOKEN=bench-admin-token-0123456789
DATA=${1:?usage: bench/snapshot-load.sh DATA_DIR}
ACTION=${ACTION:-/admin/snapshot} ENTRIES=${ENTRIES:-11000000} ROUNDS=${ROUNDS:-3} CONNECTIONS=${CONNECTIONS:-64} DURATION_S=${DURATION_S:-20}
WARMUP_S=${WARMUP_S:-2} SNAPSHOT_AT=${SNAPSHOT_AT:-5} REPEAT_RATIO=${REPEAT_RATIO:-0.9} SLICE=${SLICE:-100000}
OUT_DIR=${OUT_DIR:-$ROOT/target/bench}
export SCANGATE_LEDGER_ENTRIES=$ENTRIES SCANGATE_SNAPSHOT_INTERVAL=24h SCANGATE_SNAPSHOT_JOURNAL_BYTES=1099511627776
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"

RAW="$OUT_DIR/snapshot-load-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$RAW"
WORK=$(mktemp -d /tmp/scangate-snapload.XXXXXX)
SNAP_PID=""
cleanup() {
  [[ -z "$SNAP_PID" ]] || { kill "$SNAP_PID" 2>/dev/null || true; wait "$SNAP_PID" 2>/dev/null || true; }
  stop_server KILL
  rm -rf "$WORK"
}
trap cleanup EXIT

log "snapshot-load on $DATA, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
start_server "$DATA" "$RAW/server.log"
log "listening after $STARTUP_MS ms ($(grep -o 'event=recovered mode=[A-Z]*' "$RAW/server.log"))"
total=$(((2 * ROUNDS + 1) * SLICE))
id=$(admin POST /admin/batches "{\"sku\":\"BENCH-COLA-330\",\"gtin\":\"06901234567892\",\"region\":\"CN-31\",\"count\":$total}" \
  | sed -n 's/.*"batchId":\([0-9]*\).*/\1/p')
[[ -n "$id" ]] || { log "batch creation failed"; exit 1; }
admin GET "/admin/batches/$id/codes" >"$WORK/codes.txt"

run() { # run NAME SLICE_INDEX: one load generator run; its JSON in $RAW/NAME.json
  sed -n "$(($2 * SLICE + 1)),$((($2 + 1) * SLICE))p" "$WORK/codes.txt" >"$WORK/slice.txt"
  timeout 180 "$ROOT/bin/scangate" loadtest --mode max --rate 10000000 --url "http://127.0.0.1:$HTTP_PORT" \
    --connections "$CONNECTIONS" --duration "${DURATION_S}s" --warmup "${WARMUP_S}s" --drain 5s --codes "$WORK/slice.txt" \
    --repeat-ratio "$REPEAT_RATIO" --device-count 1024 --out "$RAW/$1" >"$RAW/$1.txt" 2>&1 \
    || { log "load generator failed:"; cat "$RAW/$1.txt" >&2; exit 1; }
}

log "unmeasured warm-up run"
run warmup 0
ROWS="$WORK/rows.txt"
: >"$ROWS"
slice=1
for r in $(seq 0 $((ROUNDS - 1))); do
  kinds=(without with)
  ((r % 2 == 0)) || kinds=(with without)
  for kind in "${kinds[@]}"; do
    name="$kind-r$r"
    snap_ms=- pause_ms=-
    if [[ "$kind" == with ]]; then
      (sleep "$((WARMUP_S + SNAPSHOT_AT))" && admin POST "$ACTION" >"$RAW/$name.snapshot.json") &
      SNAP_PID=$!
    fi
    run "$name" "$slice"
    slice=$((slice + 1))
    if [[ -n "$SNAP_PID" ]]; then
      wait "$SNAP_PID" || { log "POST $ACTION failed"; exit 1; }
      SNAP_PID=""
      snap_ms=$(sed -n 's/.*"millis":\([0-9.]*\).*/\1/p' "$RAW/$name.snapshot.json")
      pause_ms=$(sed -n 's/.*"verifierPauseMillis":\([0-9.]*\).*/\1/p' "$RAW/$name.snapshot.json")
    fi
    f="$RAW/$name.json"
    errs=$(($(jget "$f" errors.non2xx) + $(jget "$f" errors.unanswered) + $(jget "$f" errors.io)))
    printf '%s %s %s %s %s %s %s %s %s %s %s\n' "$kind" "$r" "$(jget "$f" achievedRate)" "$(jget "$f" latencyMicros.p50)" \
      "$(jget "$f" latencyMicros.p99)" "$(jget "$f" latencyMicros.p999)" "$(jget "$f" latencyMicros.max)" "$errs" "$snap_ms" \
      "$pause_ms" "$(cut -d' ' -f1 /proc/loadavg)" >>"$ROWS"
    log "[$name] $(tail -1 "$ROWS" | cut -d' ' -f3-) (rate p50 p99 p999 max(us) errors snapshot-ms pause-ms load)"
  done
done
grep -E 'event=snapshot_(taken|failed)' "$RAW/server.log" >&2 || true

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
{
  echo "bench/snapshot-load.sh on $DATA: $ROUNDS interleaved rounds of ${DURATION_S}s (+${WARMUP_S}s warm-up), $CONNECTIONS connections,"
  echo "max mode, repeat ratio $REPEAT_RATIO, POST $ACTION ${SNAPSHOT_AT}s into the measured time of the 'with' runs ($(date -u +%FT%TZ))"
  echo
  echo "| run | round | scans/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | snapshot ms | verifier pause ms | load (1 min) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk '{ printf "| %s | %s | %.0f | %.2f | %.2f | %.2f | %.1f | %s | %s | %s | %s |\n", $1, $2, $3, $4 / 1000, $5 / 1000, $6 / 1000, $7 / 1000, $8, $9, $10, $11 }' "$ROWS"
  echo
  w=$(awk '$1 == "with" { print $3 }' "$ROWS" | median)
  wo=$(awk '$1 == "without" { print $3 }' "$ROWS" | median)
  awk -v w="$w" -v wo="$wo" 'BEGIN { printf "median scans/s: without %.0f, with %.0f, with/without %.3f\n", wo, w, (wo > 0 ? w / wo : 0) }'
  for kind in without with; do
    echo "$kind: median p99 $(awk -v k=$kind '$1 == k { print $5 / 1000 }' "$ROWS" | median) ms, worst max $(awk -v k=$kind '$1 == k { print $7 / 1000 }' "$ROWS" | sort -g | tail -1) ms"
  done
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RAW.txt"
