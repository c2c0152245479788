# shellcheck shell=bash disable=SC2034 # the variables set here are read by the sourcing script
# Shared helpers of the bench/ scripts (sourced, not run). Needs: ROOT (the source tree), TOKEN.
# Every wait is bounded; servers are stopped by their own pid only.

SERVER_PID=""
HTTP_PORT=""
OPS_PORT=""
STARTUP_MS=""

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# start_server DATA_DIR LOG_FILE [SERVE_ARGS...]: runs bin/scangate serve (with SERVE_ARGS after the
# port options, e.g. --cluster FILE) on ephemeral loopback ports with the
# rate limits and the anti-farming rule off (the load generator is one address whose 1,024 devices
# scan like a farm: left on, they would be refused or drawn out of campaigns, and the figures would
# not compare with earlier ones) and with the
# environment of the caller; waits (at most 300 s) for the "scangate listening" line; sets
# SERVER_PID, HTTP_PORT, OPS_PORT and STARTUP_MS (launch to that line, JVM start included).
start_server() {
  local dir=$1 logf=$2 t0 t1 n=0
  shift 2
  t0=$(date +%s%N)
  SCANGATE_BIND_ADDRESS=127.0.0.1 SCANGATE_ADMIN_TOKEN="$TOKEN" SCANGATE_RATE_PER_ADDRESS=0 SCANGATE_RATE_PER_DEVICE=0 \
    SCANGATE_FARMING_DEVICE_CODES_PER_HOUR=0 SCANGATE_FARMING_CONSUMER_DEVICES_PER_HOUR=0 \
    "$ROOT/bin/scangate" serve --data-dir "$dir" --http-port 0 --ops-port 0 --udp-port 0 "$@" >"$logf" 2>&1 &
  SERVER_PID=$!
  until grep -q '^scangate listening' "$logf" 2>/dev/null; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      log "server exited during start; log follows"; cat "$logf" >&2; SERVER_PID=""; return 1
    fi
    n=$((n + 1))
    if ((n > 15000)); then
      log "server not listening after 300 s"; stop_server KILL; return 1
    fi
    sleep 0.02
  done
  t1=$(date +%s%N)
  STARTUP_MS=$(( (t1 - t0) / 1000000 ))
  HTTP_PORT=$(sed -n 's|^scangate listening: scans on http://[^ ]*:\([0-9]*\) .*|\1|p' "$logf")
  OPS_PORT=$(sed -n 's|^scangate listening: .*ops on http://[^ ]*:\([0-9]*\).*|\1|p' "$logf")
  [[ -n "$HTTP_PORT" && -n "$OPS_PORT" ]] || { log "cannot read the ports from $logf"; stop_server KILL; return 1; }
}

# stop_server [SIGNAL]: SIGTERM (a clean stop: drain, close the ledger, clean checkpoint) or KILL;
# waits at most 60 s, then kills.
stop_server() {
  local sig=${1:-TERM} n=0
  [[ -n "$SERVER_PID" ]] || return 0
  kill -"$sig" "$SERVER_PID" 2>/dev/null || true
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    n=$((n + 1))
    if ((n > 600)); then
      log "server $SERVER_PID still running 60 s after SIG$sig: killing it"
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    if ((n > 700)); then break; fi
    sleep 0.1
  done
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# admin METHOD PATH [BODY]: one admin API call on the ops port, 600 s at most.
admin() {
  local method=$1 path=$2 body=${3:-}
  curl -sS --fail --max-time 600 -X "$method" -H "Authorization: Bearer $TOKEN" \
    ${body:+-H 'Content-Type: application/json' -d "$body"} "http://127.0.0.1:$OPS_PORT$path"
}

# snapshot FILE: saves /metrics to FILE. metric FILE NAME: the value of the sample line NAME
# (exact name with labels) in FILE, 0 if absent.
snapshot() { curl -sS --fail --max-time 10 "http://127.0.0.1:$OPS_PORT/metrics" >"$1"; }
metric() { awk -v n="$2" '$1 == n { v = $2 } END { printf "%s\n", (v == "" ? 0 : v) }' "$1"; }

# jget FILE KEY: a value of the load generator's pretty-printed JSON; KEY is "achievedRate" or
# "section.key" (e.g. latencyMicros.p99) for one level of nesting.
jget() {
  awk -v want="$2" '
    /^ *"[^"]*" : \{/ { s = $0; sub(/^ *"/, "", s); sub(/" : \{.*$/, "", s); sec = s; next }
    /^ *\}/ { sec = ""; next }
    /^ *"[^"]*" : / {
      k = $0; sub(/^ *"/, "", k); v = k; sub(/" : .*$/, "", k); sub(/^[^"]*" : /, "", v); gsub(/[",]/, "", v)
      if ((sec == "" ? k : sec "." k) == want) { print v; exit }
    }' "$1"
}
