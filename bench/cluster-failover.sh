#!/usr/bin/env bash
# Issue 19: failover time of a three-node cluster on this machine (docs/CLUSTER.md).
#
# Starts three `bin/scangate serve --cluster` processes on loopback, creates a batch, then KILLS
# times: finds the leader (GET /admin/cluster), kill -9 it, and scans one fresh code through a
# surviving node every 20 ms (the same requestId each time) until one is answered 200: the time
# from the kill to that answer is the failover time. The killed node is started again as a
# follower and waited for before the next kill. Reports each time, the median and the max.
#
# Usage: bench/cluster-failover.sh   (build first: mvn -q -B -o -DskipTests package)
# Knobs (environment): KILLS=20 BASE=24000
# All traffic goes to 127.0.0.1; every wait is bounded.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KILLS=${KILLS:-20}
BASE=${BASE:-24000}
TOKEN=bench-admin-token-0123456789
JAR="$ROOT/ingest-server/target/scangate-server.jar"
[[ -f "$JAR" ]] || { echo "cluster-failover.sh: build first: mvn -q -B -o -DskipTests package" >&2; exit 1; }
WORK=$(mktemp -d /tmp/scangate-cluster.XXXXXX)
declare -a PID HTTP OPS
cleanup() {
  for i in 0 1 2; do [[ -z "${PID[$i]:-}" ]] || kill -9 "${PID[$i]}" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[$(date +%T)] $*" >&2; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

start() { # start I: node I on new ports
  local i=$1
  HTTP[$i]=$((BASE + 1000 + i * 10 + RANDOM % 5)); OPS[$i]=$((HTTP[$i] + 5))
  SCANGATE_ADMIN_TOKEN=$TOKEN SCANGATE_BIND_ADDRESS=127.0.0.1 SCANGATE_LEDGER_ENTRIES=100000 SCANGATE_RATE_PER_ADDRESS=0 \
    SCANGATE_RATE_PER_DEVICE=0 java @"$ROOT/config/jvm.options" -Xmx512m -jar "$JAR" serve --cluster "$WORK/c$i.properties" \
    --data-dir "$WORK/data-$i" --http-port "${HTTP[$i]}" --ops-port "${OPS[$i]}" --udp-port 0 >"$WORK/node-$i.log" 2>&1 &
  PID[$i]=$!
}
await_listening() { # await_listening I
  local i=$1
  for _ in $(seq 1 1800); do grep -q "scangate listening" "$WORK/node-$i.log" && return 0; sleep 0.1; done
  log "node $i did not start:"; tail -5 "$WORK/node-$i.log" >&2; exit 1
}
admin() { curl -s -m 30 -H "Authorization: Bearer $TOKEN" "$@"; }
leader() {
  for _ in $(seq 1 600); do
    for i in 0 1 2; do
      admin "http://127.0.0.1:${OPS[$i]}/admin/cluster" 2>/dev/null | grep -q '"role":"LEADER"' && { echo "$i"; return 0; }
    done
    sleep 0.1
  done
  return 1
}

for i in 0 1 2; do
  mkdir -p "$WORK/data-$i"
  printf 'cluster.member=%d\ncluster.hosts=localhost,localhost,localhost\ncluster.port.base=%d\n' "$i" "$BASE" >"$WORK/c$i.properties"
done
start 0; await_listening 0
cp "$WORK/data-0/keys" "$WORK/data-1/"; cp "$WORK/data-0/keys" "$WORK/data-2/"
start 1; start 2; await_listening 1; await_listening 2
for _ in $(seq 1 120); do
  batch=$(admin -XPOST -d "{\"sku\":\"FO\",\"gtin\":\"12345670\",\"region\":\"CN\",\"count\":$((KILLS + 10))}" \
    "http://127.0.0.1:${OPS[0]}/admin/batches") && grep -q batchId <<<"$batch" && break
  sleep 0.5
done
id=$(sed -n 's/.*"batchId":\([0-9]*\).*/\1/p' <<<"$batch")
for _ in $(seq 1 60); do
  admin "http://127.0.0.1:${OPS[1]}/admin/batches/$id/codes" >"$WORK/codes.txt"
  [[ $(wc -l <"$WORK/codes.txt") -ge $KILLS ]] && break; sleep 0.5
done
declare -a TIMES
for k in $(seq 1 "$KILLS"); do
  l=$(leader); s=$(( (l + 1) % 3 )); code=$(sed -n "${k}p" "$WORK/codes.txt")
  kill -9 "${PID[$l]}"; t0=$(now_ms)
  for _ in $(seq 1 1500); do
    st=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -XPOST -d "{\"code\":\"$code\",\"device\":\"fo\",\"requestId\":\"fo-$k\"}" \
      "http://127.0.0.1:${HTTP[$s]}/v1/scans" || true)
    [[ "$st" == 200 ]] && break
    sleep 0.02
  done
  [[ "$st" == 200 ]] || { log "kill $k: no answer within the bound"; exit 1; }
  TIMES+=($(( $(now_ms) - t0 )))
  log "kill $k: leader $l killed, first answer through node $s after ${TIMES[-1]} ms"
  start "$l"; await_listening "$l"; leader >/dev/null
done
sorted=$(printf '%s\n' "${TIMES[@]}" | sort -n)
median=$(sed -n "$(( (KILLS + 1) / 2 ))p" <<<"$sorted"); max=$(tail -1 <<<"$sorted")
echo "failover over $KILLS kills (kill -9 of the leader to the first answered scan through another node), $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg):"
echo "times ms: ${TIMES[*]}"
echo "median ${median} ms, max ${max} ms"
