#!/usr/bin/env bash
# Throughput and latency of POST /v1/scans under durability=sync vs durability=async, same load.
#
# For each connection count in $CONNECTIONS and each mode in $MODES: starts bin/scangate serve on
# a fresh temporary data dir (loopback, ephemeral ports), issues a warm-up batch and a measured
# batch, warms the JIT with wrk on the warm-up codes, then runs
#   wrk -t1 -c<conns> -d$DURATION --latency -s bench/scans.lua
# on the measured codes (preformatted requests rotating through the codes: the first pass scans
# each code for the first time, then repeat passes), reads the journal fsync metrics before and
# after, stops the server with SIGTERM and deletes the data dir. Prints a table at the end.
#
# Usage: bench/durability.sh            (build first: mvn -q -B -DskipTests package)
# Knobs (environment): CODES=200000 WARM_CODES=50000 DURATION=15s WARM_DURATION=5s
#   CONNECTIONS="64 256" MODES="sync async" KEEP=0 (1 keeps the logs in the work dir)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOKEN=bench-admin-token-0123456789
CODES=${CODES:-200000}
WARM_CODES=${WARM_CODES:-50000}
DURATION=${DURATION:-15s}
WARM_DURATION=${WARM_DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-64 256}
MODES=${MODES:-sync async}
KEEP=${KEEP:-0}
RECORD_BYTES=112 # one scan's journal record (JournalRecord.CODE_STATE_LENGTH)
LUA="$ROOT/bench/scans.lua"

# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"

command -v wrk >/dev/null || { echo "durability.sh: wrk is not installed" >&2; exit 1; }
[[ -f "$ROOT/ingest-server/target/scangate-server.jar" ]] \
  || { echo "durability.sh: build first: mvn -q -B -DskipTests package" >&2; exit 1; }

WORK=$(mktemp -d /tmp/scangate-durability.XXXXXX)
cleanup() {
  stop_server KILL
  if [[ "$KEEP" == 1 ]]; then
    find "$WORK" -maxdepth 1 -type d -name 'data-*' -exec rm -rf {} +
    log "logs kept in $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

batch() { # batch SKU COUNT OUT_FILE: issues a batch and writes its codes to OUT_FILE
  local id
  id=$(admin POST /admin/batches "{\"sku\":\"$1\",\"gtin\":\"06901234567892\",\"region\":\"CN-31\",\"count\":$2}" \
    | sed -n 's/.*"batchId":\([0-9]*\).*/\1/p')
  [[ -n "$id" ]] || { log "batch creation failed"; return 1; }
  admin GET "/admin/batches/$id/codes" >"$3"
  [[ $(wc -l <"$3") -eq $2 ]] || { log "expected $2 codes in $3"; return 1; }
}

RESULTS="$WORK/results.txt"
: >"$RESULTS"

run_one() { # run_one MODE CONNS
  local mode=$1 conns=$2 tag="$1-c$2" dir
  dir=$(mktemp -d "$WORK/data-$tag.XXXX")
  log "[$tag] starting server (durability=$mode) on $dir"
  SCANGATE_DURABILITY=$mode start_server "$dir" "$WORK/server-$tag.log"
  log "[$tag] listening after ${STARTUP_MS} ms: http $HTTP_PORT, ops $OPS_PORT"
  batch WARM-COLA-330 "$WARM_CODES" "$WORK/warm-codes.txt"
  batch BENCH-COLA-330 "$CODES" "$WORK/codes.txt"
  log "[$tag] warm-up: wrk -t1 -c$conns -d$WARM_DURATION on $WARM_CODES other codes"
  SCANGATE_CODES="$WORK/warm-codes.txt" wrk -t1 -c"$conns" -d"$WARM_DURATION" --timeout 10s --latency -s "$LUA" \
    "http://127.0.0.1:$HTTP_PORT/v1/scans" >"$WORK/wrk-warm-$tag.txt"
  snapshot "$WORK/metrics-before-$tag.txt"
  log "[$tag] measured: wrk -t1 -c$conns -d$DURATION --latency -s bench/scans.lua on $CODES fresh codes"
  SCANGATE_CODES="$WORK/codes.txt" wrk -t1 -c"$conns" -d"$DURATION" --timeout 10s --latency -s "$LUA" \
    "http://127.0.0.1:$HTTP_PORT/v1/scans" >"$WORK/wrk-$tag.txt"
  snapshot "$WORK/metrics-after-$tag.txt"
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  cat "$WORK/wrk-$tag.txt" >&2
  stop_server TERM
  [[ "$KEEP" == 1 ]] || rm -rf "$dir"

  local b="$WORK/metrics-before-$tag.txt" a="$WORK/metrics-after-$tag.txt" res
  res=$(grep '^RESULT ' "$WORK/wrk-$tag.txt")
  local fcount fsum fbytes entries genuine e503
  fcount=$(awk -v x="$(metric "$a" scangate_journal_fsync_duration_seconds_count)" -v y="$(metric "$b" scangate_journal_fsync_duration_seconds_count)" 'BEGIN { print x - y }')
  fsum=$(awk -v x="$(metric "$a" scangate_journal_fsync_duration_seconds_sum)" -v y="$(metric "$b" scangate_journal_fsync_duration_seconds_sum)" 'BEGIN { print x - y }')
  fbytes=$(awk -v x="$(metric "$a" scangate_journal_fsync_bytes_sum)" -v y="$(metric "$b" scangate_journal_fsync_bytes_sum)" 'BEGIN { print x - y }')
  entries=$(awk -v x="$(metric "$a" scangate_ledger_entries)" -v y="$(metric "$b" scangate_ledger_entries)" 'BEGIN { print x - y }')
  genuine=$(awk -v x="$(metric "$a" 'scangate_scans_total{transport="http",verdict="GENUINE"}')" -v y="$(metric "$b" 'scangate_scans_total{transport="http",verdict="GENUINE"}')" 'BEGIN { print x - y }')
  e503=$(awk -v x="$(metric "$a" 'scangate_requests_total{status="503",transport="http"}')" -v y="$(metric "$b" 'scangate_requests_total{status="503",transport="http"}')" 'BEGIN { print x - y }')
  echo "mode=$mode conns=$conns load1=$load startup_ms=$STARTUP_MS ${res#RESULT } fsyncs=$fcount fsync_seconds=$fsum fsync_bytes=$fbytes first_scans=$entries genuine=$genuine http503=$e503" >>"$RESULTS"
}

log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); work dir $WORK"
for conns in $CONNECTIONS; do
  for mode in $MODES; do
    run_one "$mode" "$conns"
  done
done

echo
echo "raw: one line per run"
cat "$RESULTS"
echo
awk -v rb="$RECORD_BYTES" '
  function f(k,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "" }
  BEGIN {
    printf "| mode | conns | req/s | p50 ms | p99 ms | max ms | non-2xx | first scans | repeat scans | fsyncs/s | avg fsync ms | avg KB/fsync | scans/fsync | load avg |\n"
    printf "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
  }
  {
    secs = f("duration_us") / 1e6; n = f("fsyncs"); req = f("requests")
    printf "| %s | %s | %.0f | %.2f | %.2f | %.1f | %d | %d | %d | %.0f | %.3f | %.1f | %.1f | %s |\n",
      f("mode"), f("conns"), f("rps"), f("p50_us") / 1000, f("p99_us") / 1000, f("max_us") / 1000, f("non2xx"),
      f("first_scans"), f("genuine") - f("first_scans"), n / secs,
      (n > 0 ? f("fsync_seconds") * 1000 / n : 0), (n > 0 ? f("fsync_bytes") / 1024 / n : 0),
      (n > 0 ? f("fsync_bytes") / rb / n : 0), f("load1")
  }' "$RESULTS"
