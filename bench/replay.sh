#!/usr/bin/env bash
# Replay speed and restart time at $COUNT (10M) scanned codes, and bytes per scanned code.
#
# 1. FillLedger scans $COUNT distinct codes through Verifier.scan with the real journal and
#    ledger (one thread, journal forced every 10 ms by an async syncer) and halts without a clean
#    checkpoint, as a killed server would: the fill rate.
# 2. Sizes: ledger.cm3 and journal/, apparent bytes (du -b) and allocated blocks (du -B1).
# 3. bin/scangate recover on that dir: REBUILT, the whole journal replayed offline (leaves a
#    clean checkpoint).
# 4. bin/scangate serve after that clean stop: OPENED; time from launch to "scangate listening".
# 5. kill -9 the server, start it again: REBUILT at start; time to "scangate listening".
# 6. SIGTERM (clean stop, timed), start again: OPENED once more.
# The data dir is deleted at the end.
#
# Usage: bench/replay.sh            (build first: mvn -q -B -DskipTests package)
# Knobs (environment): COUNT=10000000 ENTRIES=11000000 (ledger.entries for the fill and the server)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOKEN=bench-admin-token-0123456789
COUNT=${COUNT:-10000000}
ENTRIES=${ENTRIES:-11000000}
JAR="$ROOT/loadtest/target/benchmarks.jar"
export SCANGATE_LEDGER_ENTRIES=$ENTRIES

# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"

[[ -f "$JAR" && -f "$ROOT/ingest-server/target/scangate-server.jar" ]] \
  || { echo "replay.sh: build first: mvn -q -B -DskipTests package" >&2; exit 1; }
# journal ~128 B per scan (64 MB segments) + ledger ~100 B per entry, with a margin
need_kb=$(( (COUNT * 128 + ENTRIES * 100) * 3 / 2 / 1024 + 262144 ))
free_kb=$(df -Pk /tmp | awk 'NR == 2 { print $4 }')
((free_kb > need_kb)) || { echo "replay.sh: need $((need_kb / 1024)) MB free in /tmp, have $((free_kb / 1024)) MB" >&2; exit 1; }
df -h /tmp >&2

WORK=$(mktemp -d /tmp/scangate-replay.XXXXXX)
DATA="$WORK/data"
cleanup() {
  stop_server KILL
  rm -rf "$WORK"
}
trap cleanup EXIT

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
field() { sed -n "s/.*$1=\\([^ ]*\\).*/\\1/p" "$2" | tail -1; } # field KEY FILE: last KEY=value in FILE

log "fill: $COUNT codes, ledger.entries $ENTRIES, exit crash"
t0=$(date +%s%N)
timeout 1800 java @"$ROOT/config/jvm.options" -cp "$JAR" io.scangate.loadtest.tools.FillLedger \
  --data-dir "$DATA" --count "$COUNT" --ledger-entries "$ENTRIES" --exit crash --max-seconds 1200 \
  2>&1 | grep -v 'chronicle' | tee "$WORK/fill.txt" >&2
fill_wall=$(ms_since "$t0")
fill_line=$(grep '^fill: .* first scans in' "$WORK/fill.txt")

ledger_b=$(du -b "$DATA/ledger.cm3" | cut -f1)
ledger_alloc=$(du -B1 "$DATA/ledger.cm3" | cut -f1)
journal_b=$(du -sb "$DATA/journal" | cut -f1)
journal_alloc=$(du -sB1 "$DATA/journal" | cut -f1)
journal_records=$(sed -n 's/^journal: .*, \([0-9]*\) bytes of records$/\1/p' "$WORK/fill.txt")
ls -la "$DATA" "$DATA/journal" >&2

log "recover (offline) after the crash-style exit"
t0=$(date +%s%N)
timeout 1200 "$ROOT/bin/scangate" recover --data-dir "$DATA" 2>&1 | grep -v 'chronicle' | tee "$WORK/recover.txt" >&2
recover_wall=$(ms_since "$t0")
recover_mode=$(sed -n 's/^recovery: \([A-Z]*\).*/\1/p' "$WORK/recover.txt")
recover_records=$(sed -n 's/^replayed: \([0-9]*\) record.*/\1/p' "$WORK/recover.txt")
recover_ms=$(sed -n 's/^replayed: .* in \([0-9]*\) ms$/\1/p' "$WORK/recover.txt")

declare -a STARTS=()
start_and_record() { # start_and_record LABEL: starts the server, records mode, replay and startup times
  local label=$1 logf="$WORK/server-$1.log"
  start_server "$DATA" "$logf"
  STARTS+=("$label|$(field mode "$logf")|$(field records_replayed "$logf")|$(field millis "$logf")|$(field startup_ms "$logf")|$STARTUP_MS")
  log "[$label] mode $(field mode "$logf"), listening after $STARTUP_MS ms"
  snapshot "$WORK/metrics-$label.txt"
  log "[$label] ledger entries $(metric "$WORK/metrics-$label.txt" scangate_ledger_entries)"
}

start_and_record after-clean-stop
stop_server KILL
start_and_record after-kill-9
t0=$(date +%s%N)
stop_server TERM
stop_ms=$(ms_since "$t0")
start_and_record after-sigterm
stop_server TERM

echo
echo "codes: $COUNT scanned once each; ledger.entries $ENTRIES"
echo "fill:  $fill_line (wall $fill_wall ms incl. JVM start, Chronicle map creation, journal force)"
echo "recover after crash-style exit: $recover_mode, $recover_records records in $recover_ms ms" \
  "= $(awk -v n="$recover_records" -v ms="$recover_ms" 'BEGIN { printf "%.0f", n * 1000 / ms }') records/s; wall $recover_wall ms"
echo "clean stop (SIGTERM) of the server: $stop_ms ms"
echo
echo "| start | mode | records replayed | recovery ms | startup_ms (server log) | launch to listening ms |"
echo "|---|---|---|---|---|---|"
for s in "${STARTS[@]}"; do
  IFS='|' read -r label mode recs rms sms lms <<<"$s"
  echo "| $label | $mode | $recs | $rms | $sms | $lms |"
done
echo
awk -v c="$COUNT" -v lb="$ledger_b" -v la="$ledger_alloc" -v jb="$journal_b" -v ja="$journal_alloc" -v jr="$journal_records" 'BEGIN {
  printf "| file | apparent bytes (du -b) | allocated bytes (du -B1) | apparent B/code | allocated B/code |\n|---|---|---|---|---|\n"
  printf "| ledger.cm3 | %.0f | %.0f | %.1f | %.1f |\n", lb, la, lb / c, la / c
  printf "| journal/ (64 MB segments) | %.0f | %.0f | %.1f | %.1f |\n", jb, ja, jb / c, ja / c
  printf "| journal records written | %.0f | | %.1f | |\n", jr, jr / c
  printf "| ledger + journal | %.0f | %.0f | %.1f | %.1f |\n", lb + jb, la + ja, (lb + jb) / c, (la + ja) / c
}'
