#!/usr/bin/env bash
# Issue 17: restart after kill -9 with snapshots, at $COUNT (10M) scanned codes and a long history,
# and the disk left after compaction.
#
# For each history H in $HISTORIES (total scans: the $COUNT first scans, then repeat scans of
# random codes):
# 1. FillLedger fills a fresh data dir through Verifier.scan with the real journal and ledger and
#    takes a snapshot with the real Snapshotter (keep 2, no archive: compaction deletes) every
#    $SNAPSHOT_BYTES of journal, counted back from the end so that the crash at the end leaves just
#    under $SNAPSHOT_BYTES of journal to replay: the most the server's snapshot.journal.bytes
#    schedule leaves. It halts without a clean stop, as kill -9 would.
# 2. Sizes after compaction: snapshots/, journal/, ledger.cm3, the consumer files and the whole
#    data dir, apparent (du -b) and allocated (du -B1).
# 3. bin/scangate serve on it: launch to "scangate listening", and recovery's log fields: mode,
#    records replayed, snapshot validation, ledger creation, the snapshot's ledger indexed, books
#    restore, replay; then how long the ledger's refill from the snapshot ran behind the server.
# 4. kill -9, start again (the same fields), kill -9.
# The data dirs are deleted at the end, except the last one if KEEP_DATA names a path to move it to
# (for bench/snapshot-load.sh).
#
# Usage: bench/snapshot-restart.sh   (build first: mvn -q -B -o -DskipTests package)
# Knobs (environment): COUNT=10000000 ENTRIES=11000000 HISTORIES="50000000 100000000"
#   SNAPSHOT_BYTES=1073741824 (the server's default snapshot.journal.bytes) KEEP_DATA=
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOKEN=bench-admin-token-0123456789
COUNT=${COUNT:-10000000}
ENTRIES=${ENTRIES:-11000000}
HISTORIES=${HISTORIES:-50000000 100000000}
SNAPSHOT_BYTES=${SNAPSHOT_BYTES:-1073741824}
KEEP_DATA=${KEEP_DATA:-}
JAR="$ROOT/loadtest/target/benchmarks.jar"
export SCANGATE_LEDGER_ENTRIES=$ENTRIES
# no scheduled snapshot between the two starts: each start replays what the fill left
export SCANGATE_SNAPSHOT_INTERVAL=24h

# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"

[[ -f "$JAR" && -f "$ROOT/ingest-server/target/scangate-server.jar" ]] \
  || { echo "snapshot-restart.sh: build first: mvn -q -B -o -DskipTests package" >&2; exit 1; }
# ledger ~100 B an entry, 2 snapshots of 72 B a code, journal up to 3 x SNAPSHOT_BYTES + a segment, consumer files 1.1 GB
need_kb=$(( (ENTRIES * 100 + COUNT * 144 + SNAPSHOT_BYTES * 3 + (64 << 20) + (1100 << 20)) * 3 / 2 / 1024 ))
free_kb=$(df -Pk /tmp | awk 'NR == 2 { print $4 }')
((free_kb > need_kb)) || { echo "snapshot-restart.sh: need $((need_kb / 1024)) MB free in /tmp, have $((free_kb / 1024)) MB" >&2; exit 1; }
df -h /tmp >&2

WORK=$(mktemp -d /tmp/scangate-snaprestart.XXXXXX)
cleanup() {
  stop_server KILL
  rm -rf "$WORK"
}
trap cleanup EXIT

# evfield EVENT KEY FILE: KEY's value on the last "event=EVENT " line of FILE
evfield() { grep "event=$1 " "$3" | tail -1 | sed -n "s/.* $2=\\([^ ]*\\).*/\\1/p"; }

declare -a STARTS=() SIZES=() FILLS=()
start_and_record() { # start_and_record DATA LABEL
  local data=$1 label=$2 logf="$WORK/server-$2.log"
  log "[$label] starting on $data, load $(cut -d' ' -f1-3 /proc/loadavg)"
  start_server "$data" "$logf"
  # the ledger's refill from the snapshot goes on behind the listening server: wait for its end
  for _ in $(seq 1 240); do
    grep -q -E 'event=(ledger_refilled|ledger_refill_failed) ' "$logf" && break
    grep -q 'event=recovered mode=SNAPSHOT' "$logf" || break
    sleep 0.5
  done
  STARTS+=("$label|$(evfield recovered mode "$logf")|$(evfield recovered records_replayed "$logf")|$(evfield snapshot_validated millis "$logf")|$(evfield ledger_created millis "$logf")|$(evfield snapshot_ledger_indexed millis "$logf")|$(evfield snapshot_books_restored millis "$logf")|$(evfield journal_replayed millis "$logf")|$(evfield recovered millis "$logf")|$STARTUP_MS|$(evfield ledger_refilled millis "$logf")|$(cut -d' ' -f1 /proc/loadavg)")
  log "[$label] ${STARTS[-1]}"
  grep -E 'event=(snapshot_skipped|snapshot_taken)' "$logf" >&2 || true
}

size_row() { # size_row LABEL PATH...: apparent and allocated bytes of the paths together
  local label=$1
  shift
  SIZES+=("$label|$(du -scb "$@" | tail -1 | cut -f1)|$(du -scB1 "$@" | tail -1 | cut -f1)")
}

for H in $HISTORIES; do
  DATA="$WORK/data-$H"
  tag="$((H / 1000000))M"
  log "fill: $COUNT codes, $H scans of history, a snapshot every $SNAPSHOT_BYTES journal bytes, exit crash"
  timeout 3400 java @"$ROOT/config/jvm.options" -cp "$JAR" io.scangate.loadtest.tools.FillLedger \
    --data-dir "$DATA" --count "$COUNT" --ledger-entries "$ENTRIES" --history "$H" --snapshot-bytes "$SNAPSHOT_BYTES" \
    --exit crash --max-seconds 3300 2>&1 | grep -v -e chronicle -e '^progress' -e 'INFO Snapshotter' -e 'INFO FileJournal' \
    | tee "$WORK/fill-$tag.txt" >&2
  FILLS+=("$tag|$(grep '^fill: .* first scans in' "$WORK/fill-$tag.txt" | sed 's/^fill: //')|$(grep '^history: ' "$WORK/fill-$tag.txt" | sed 's/^history: //')|$(grep '^snapshots: ' "$WORK/fill-$tag.txt" | sed 's/^snapshots: //')")
  ls -la "$DATA" "$DATA/snapshots" "$DATA/journal" >&2
  size_row "$tag snapshots/" "$DATA/snapshots"
  size_row "$tag journal/" "$DATA/journal"
  size_row "$tag ledger.cm3" "$DATA/ledger.cm3"
  size_row "$tag consumers.dat + consumer-ids.dat" "$DATA/consumers.dat" "$DATA/consumer-ids.dat"
  size_row "$tag whole data dir" "$DATA"
  newest=$(find "$DATA/snapshots" -name 'snapshot-*.snap' | sort | tail -1)
  [[ -z "$newest" ]] || SIZES+=("$tag newest snapshot file|$(du -b "$newest" | cut -f1)|$(du -B1 "$newest" | cut -f1)")

  start_and_record "$DATA" "$tag-after-fill-crash"
  stop_server KILL
  start_and_record "$DATA" "$tag-after-kill-9"
  stop_server KILL
  if [[ -n "$KEEP_DATA" && "$H" == "${HISTORIES##* }" ]]; then
    rm -rf "$KEEP_DATA"
    mv "$DATA" "$KEEP_DATA"
    log "kept the data dir at $KEEP_DATA"
  else
    rm -rf "$DATA"
  fi
done

echo
echo "codes: $COUNT, ledger.entries $ENTRIES, a snapshot every $SNAPSHOT_BYTES journal bytes; $(date -u +%FT%TZ) on $(nproc) cores"
echo
echo "| history | first scans | all scans | snapshots |"
echo "|---|---|---|---|"
for f in "${FILLS[@]}"; do
  IFS='|' read -r a b c d <<<"$f"
  echo "| $a | $b | $c | $d |"
done
echo
echo "| start | mode | records replayed | snapshot validated ms | empty ledger created ms | ledger indexed ms | books restored ms | journal replayed ms | recovery ms | launch to listening ms | refill behind the server ms | load (1 min) |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for s in "${STARTS[@]}"; do
  echo "| ${s//|/ | } |"
done
echo
echo "| files | apparent bytes (du -b) | allocated bytes (du -B1) | apparent B/code | allocated B/code |"
echo "|---|---:|---:|---:|---:|"
for s in "${SIZES[@]}"; do
  IFS='|' read -r label b a <<<"$s"
  awk -v l="$label" -v b="$b" -v a="$a" -v c="$COUNT" 'BEGIN { printf "| %s | %.0f | %.0f | %.1f | %.1f |\n", l, b, a, b / c, a / c }'
done
