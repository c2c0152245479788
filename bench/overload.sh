#!/usr/bin/env bash
# bench/overload.sh: issue 13's overload and slowloris acceptance, measured against a running
# scangate (default config: durability=sync; rate limits and the anti-farming rule off, as in every
# bench script, because the load generator is one address; heap capped with SERVER_HEAP).
#
# Phases, one server, every scan a first scan of its own code (--repeat-ratio 0), so that the
# ledger's entry count is the number of scans counted:
#   1. capacity: closed model, 1,000 connections, DURATION: C = its answers per second
#   2. before:   open model at 50 % of C, 1,000 connections: honest p99 at a normal load
#   3. overload: open model at 3 x C, 1,000 connections, each pipelining up to 16 requests (a
#                client that does not wait: the excess reaches the server); /metrics and the server's RSS sampled every
#                second (heap used, direct buffers, Netty's pooled memory)
#   4. after:    open model at 50 % of C again: does it come back
#   5. slowloris: 2,000 connections from 127.0.0.2 trickle a request head (Slowloris tool) while the
#                open model runs at 50 % of C from 127.0.0.1
#   6. loss:     kill -9, start again on the same data dir; the ledger must hold exactly the scans
#                answered 200 (sync: every 200 was fsynced first) - none lost, none counted twice
# Prints a table and writes it to target/bench/overload-<UTC time>.txt (raw outputs beside it).
#
# Usage: bench/overload.sh [--help]
# Knobs (environment): DURATION=8s OVER_DURATION=10s WARMUP=2s CONNECTIONS=1000 FACTOR=3
#   SERVER_HEAP=1g REQUEST_TIMEOUT=10 SLOW_CONNECTIONS=2000 OUT_DIR=target/bench
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOKEN=bench-overload-admin-token-0123456789
case "${1:-}" in
  -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) echo "overload: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac
DURATION=${DURATION:-8s}
OVER_DURATION=${OVER_DURATION:-10s}
WARMUP=${WARMUP:-2s}
CONNECTIONS=${CONNECTIONS:-1000}
FACTOR=${FACTOR:-3}
SERVER_HEAP=${SERVER_HEAP:-1g}
PIPELINE=${PIPELINE:-16}
REQUEST_TIMEOUT=${REQUEST_TIMEOUT:-10}
SLOW_CONNECTIONS=${SLOW_CONNECTIONS:-2000}
OUT_DIR=${OUT_DIR:-$ROOT/target/bench}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW="$OUT_DIR/overload-$STAMP"
mkdir -p "$RAW"
WORK=$(mktemp -d)
trap 'stop_server KILL; rm -rf "$WORK"' EXIT

# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
secs() { local d=$1; case "$d" in *ms) echo "scale=3; ${d%ms}/1000" | bc ;; *s) echo "${d%s}" ;; *m) echo "$((${d%m} * 60))" ;; esac; }
log "bench/overload on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); raw output in $RAW"
timeout 900 "$ROOT/bin/scangate" --help >/dev/null
timeout 900 "$ROOT/bin/scangate" loadtest --help >/dev/null
LT_JAR="$ROOT/loadtest/target/benchmarks.jar"

DATA="$WORK/data"
start_one() {
  SCANGATE_LEDGER_ENTRIES=6000000 SCANGATE_IDEMPOTENCY_WINDOW=1000000 SCANGATE_HTTP_REQUEST_TIMEOUT_SECONDS="$REQUEST_TIMEOUT" \
    JAVA_OPTS="-Xmx$SERVER_HEAP -Xms$SERVER_HEAP" start_server "$DATA" "$1"
}
start_one "$RAW/server-1.log"
log "listening after ${STARTUP_MS} ms: http $HTTP_PORT, ops $OPS_PORT"

# issue COUNT: appends COUNT fresh codes to $WORK/codes.txt (batches of at most 1,000,000).
issue() {
  local left=$1 n id
  while ((left > 0)); do
    n=$((left > 1000000 ? 1000000 : left))
    id=$(admin POST /admin/batches "{\"sku\":\"BENCH-OVERLOAD\",\"gtin\":\"06901234567892\",\"region\":\"CN-31\",\"count\":$n}" \
      | sed -n 's/.*"batchId":\([0-9]*\).*/\1/p')
    [[ -n "$id" ]] || { log "batch creation failed"; return 1; }
    admin GET "/admin/batches/$id/codes" >>"$WORK/codes.txt"
    left=$((left - n))
  done
}
# take COUNT OUT: the next COUNT unused codes.
NEXT=1
take() { sed -n "${NEXT},$((NEXT + $1 - 1))p" "$WORK/codes.txt" >"$2"; NEXT=$((NEXT + $1)); }

ACKED=0
# run NAME CODES_FILE [loadtest args...]: one load generator run with --repeat-ratio 0.
run() {
  local name=$1 codes=$2
  shift 2
  timeout 300 "$ROOT/bin/scangate" loadtest --url "http://127.0.0.1:$HTTP_PORT" --codes "$codes" --repeat-ratio 0 \
    --device-count 100000 --warmup "$WARMUP" --drain 5s --out "$RAW/$name" "$@" >"$RAW/$name.txt" 2>&1 \
    || { log "[$name] load generator failed:"; cat "$RAW/$name.txt" >&2; return 1; }
  log "[$name] $(grep -E '^(achieved|status|errors)' "$RAW/$name.txt" | tr '\n' ' ')"
  # every 200 (warm-up included) is one first scan counted; 2xx answers of warm-up are not in the
  # JSON, so count them from the sent total: sent - measured non-200 - unanswered is an upper bound,
  # the exact figure comes from the server's own counter below.
}

T0=$SECONDS
CAP_SECS=$(secs "$DURATION")
WARM_SECS=$(secs "$WARMUP")
OVER_SECS=$(secs "$OVER_DURATION")
issue 1000000
log "issued 1,000,000 codes in $((SECONDS - T0)) s"
take 1000000 "$WORK/cap.txt"
run capacity "$WORK/cap.txt" --mode max --connections "$CONNECTIONS" --duration "$DURATION"
CAP=$(jget "$RAW/capacity.json" achievedRate | cut -d. -f1)
log "capacity: $CAP scans/s"
HALF=$((CAP / 2))
OVER=$((CAP * FACTOR))
need=$(echo "($HALF * (($CAP_SECS + $WARM_SECS) * 3 + $REQUEST_TIMEOUT) + $OVER * ($OVER_SECS + $WARM_SECS)) * 1.15 / 1" | bc)
issue "$need"
log "issued $need more codes"

take $(echo "$HALF * ($CAP_SECS + $WARM_SECS) * 1.1 / 1" | bc) "$WORK/before.txt"
run before "$WORK/before.txt" --mode open --rate "$HALF" --connections "$CONNECTIONS" --duration "$DURATION"

take $(echo "$OVER * ($OVER_SECS + $WARM_SECS) * 1.1 / 1" | bc) "$WORK/over.txt"
# sumof PREFIX FILE DIVISOR: the sum of the samples whose line starts with PREFIX, divided.
sumof() { awk -v p="$1" -v d="$3" 'index($0, p) == 1 { s += $NF } END { printf "%d", s / d }' "$2"; }
MEM="$RAW/memory.txt"
echo "t_s rss_mb heap_used_mb direct_buffers_mb netty_pooled_mb open_connections" >"$MEM"
(
  for t in $(seq 0 $((OVER_SECS + ${WARM_SECS%.*} + 8))); do
    snapshot "$WORK/m.txt" 2>/dev/null || continue
    rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
    heap=$(sumof 'jvm_memory_used_bytes{area="heap"' "$WORK/m.txt" 1048576)
    direct=$(sumof 'jvm_buffer_memory_used_bytes{id="direct"' "$WORK/m.txt" 1048576)
    netty=$(sumof 'scangate_netty_allocator_memory_used_bytes' "$WORK/m.txt" 1048576)
    conns=$(sumof 'scangate_connections_open{port="http"' "$WORK/m.txt" 1)
    echo "$t $rss $heap $direct $netty $conns" >>"$MEM"
    sleep 1
  done
) &
SAMPLER=$!
snapshot "$RAW/metrics-before-overload.txt"
run overload "$WORK/over.txt" --mode open --rate "$OVER" --connections "$CONNECTIONS" --pipeline "$PIPELINE" \
  --duration "$OVER_DURATION" --threads 2
wait "$SAMPLER" || true
snapshot "$RAW/metrics-after-overload.txt"

take $(echo "$HALF * ($CAP_SECS + $WARM_SECS) * 1.1 / 1" | bc) "$WORK/after.txt"
run after "$WORK/after.txt" --mode open --rate "$HALF" --connections "$CONNECTIONS" --duration "$DURATION"

take $(echo "$HALF * ($CAP_SECS + $WARM_SECS + $REQUEST_TIMEOUT) * 1.1 / 1" | bc) "$WORK/slow.txt"
"$JAVA" -cp "$LT_JAR" io.scangate.loadtest.tools.Slowloris --port "$HTTP_PORT" --connections "$SLOW_CONNECTIONS" \
  --source 127.0.0.2 --trickle-ms 500 --max-seconds $((REQUEST_TIMEOUT * 3 + 10)) >"$RAW/slowloris-attack.txt" 2>&1 &
ATTACK=$!
sleep 2
run slowloris "$WORK/slow.txt" --mode open --rate "$HALF" --connections 64 --duration "$((REQUEST_TIMEOUT + ${CAP_SECS%.*}))s"
wait "$ATTACK" || { log "Slowloris tool failed:"; cat "$RAW/slowloris-attack.txt" >&2; }
snapshot "$RAW/metrics-end.txt"
SLOW=$(sed -n 's/^RESULT //p' "$RAW/slowloris-attack.txt")
log "[slowloris attack] $SLOW"

# loss check: every 200 was a first scan of a distinct code; the server counted them as verdicts.
ANSWERED=$(awk '/^scangate_scans_total\{transport="http",verdict="GENUINE"/ { s += $2 } END { printf "%d", s }' "$RAW/metrics-end.txt")
ENTRIES_LIVE=$(metric "$RAW/metrics-end.txt" scangate_ledger_entries | cut -d. -f1)
stop_server KILL
start_one "$RAW/server-2.log"
snapshot "$RAW/metrics-restarted.txt"
ENTRIES_RESTART=$(metric "$RAW/metrics-restarted.txt" scangate_ledger_entries | cut -d. -f1)
stop_server TERM

shed_le() { awk -v le="$2" '$0 ~ "^scangate_shed_duration_seconds_bucket\\{le=\"" le "\"" { print int($2) }' "$1"; }
SHED_TOTAL=$(metric "$RAW/metrics-after-overload.txt" scangate_shed_duration_seconds_count | cut -d. -f1)
SHED_1MS=$(shed_le "$RAW/metrics-after-overload.txt" 0.001)
SHED_250US=$(shed_le "$RAW/metrics-after-overload.txt" 2.5E-4)
SHED_MAX=$(metric "$RAW/metrics-after-overload.txt" scangate_shed_duration_seconds_max)
pct() { jget "$RAW/$1.json" "$2.$3"; }
OUT="$OUT_DIR/overload-$STAMP.txt"
{
  echo "bench/overload.sh $(date -u +%FT%TZ) on $(nproc) cores; server -Xmx$SERVER_HEAP, durability=sync, $CONNECTIONS connections"
  echo "capacity (closed model, $CONNECTIONS connections): $CAP scans/s; overload pipelines up to $PIPELINE a connection"
  printf '%-10s %10s %10s %9s %9s %9s %9s %9s %9s\n' phase offered/s answered/s 200 503 "p50 2xx" "p99 2xx" "p99.9 2xx" "p99 503"
  for p in before overload after slowloris; do
    printf '%-10s %10s %10.0f %9s %9s %9s %9s %9s %9s\n' "$p" "$(jget "$RAW/$p.json" targetRate | cut -d. -f1)" \
      "$(jget "$RAW/$p.json" achievedRate)" "$(jget "$RAW/$p.json" status.200)" "$(jget "$RAW/$p.json" status.503)" \
      "$(pct "$p" okLatencyMicros p50)us" "$(pct "$p" okLatencyMicros p99)us" "$(pct "$p" okLatencyMicros p999)us" \
      "$(pct "$p" refusedLatencyMicros p99)us"
  done
  echo "overload send lag p99: $(pct overload sendLagMicros p99)us (the generator's own delay behind its schedule)"
  echo "shed at the server during overload: $SHED_TOTAL scans, decided within 250 us: $SHED_250US, within 1 ms: $SHED_1MS, max ${SHED_MAX}s"
  echo "memory during overload (MB; max over 1 s samples):"
  awk 'NR > 1 { for (i = 2; i <= 6; i++) if ($i > m[i]) m[i] = $i } END { printf "  rss %d, heap used %d, direct buffers %d, netty pooled %d, open connections %d\n", m[2], m[3], m[4], m[5], m[6] }' "$MEM"
  echo "slowloris: $SLOW_CONNECTIONS connections from 127.0.0.2 trickling 1 byte / 500 ms, request timeout ${REQUEST_TIMEOUT}s: $SLOW"
  echo "loss: GENUINE answers $ANSWERED (each a first scan of its own code); ledger entries live $ENTRIES_LIVE; after kill -9 and restart $ENTRIES_RESTART: $([[ "$ANSWERED" == "$ENTRIES_RESTART" ]] && echo 'none lost, none counted twice' || echo 'MISMATCH')"
} | tee "$OUT"
log "written $OUT"
