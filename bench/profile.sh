#!/usr/bin/env bash
# Where the time goes in scangate under load: while `scangate loadtest --mode max` loads
# `bin/scangate serve`, a JFR recording (profile settings, Java and native method samples every
# 1 ms, debug info at non-safepoints) started with jcmd after the warm-up and lasting the measured
# part, and the CPU of each server thread from /proc over the same window; then a summary: CPU per
# thread, samples per thread, the top frames (self) and the methods on the most stacks (total) of
# the event loops and the verifier; the bytes each thread allocated per answered request, and the
# event loops' top allocation sites (issue 18: no allocation per request on the event loop).
#
# Usage: bench/profile.sh              (build first, or let bin/scangate build)
# Knobs (environment): DURABILITY=async CONNECTIONS=64 DURATION=15s WARMUP=5s CODES=400000
#   REPEAT_RATIO=0.9 TOP=25 OUT_DIR=target/bench SERVER_JAVA_OPTS= (more JVM flags for the server)
#   SCAN_PATH=/v1/scans (the request shape: the POST, or a GET path with {code}, e.g. /c/{code})
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOKEN=bench-profile-admin-token-0123456789
DURABILITY=${DURABILITY:-async}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
CODES=${CODES:-400000}
REPEAT_RATIO=${REPEAT_RATIO:-0.9}
SCAN_PATH=${SCAN_PATH:-/v1/scans}
TOP=${TOP:-25}
OUT_DIR=${OUT_DIR:-$ROOT/target/bench}

# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
for tool in jfr jcmd; do
  command -v "$tool" >/dev/null 2>&1 || { echo "profile.sh: the JDK's $tool tool is not on the PATH" >&2; exit 1; }
done
secs() { awk -v d="$1" 'BEGIN { if (d ~ /ms$/) print substr(d, 1, length(d) - 2) / 1000; else { sub(/s$/, "", d); print d + 0 } }'; }

STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT="$OUT_DIR/profile-$DURABILITY-$STAMP"
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/scangate-profile.XXXXXX)
LOAD_PID=""
cleanup() { [[ -z "$LOAD_PID" ]] || kill "$LOAD_PID" 2>/dev/null || true; stop_server KILL; rm -rf "$WORK"; }
trap cleanup EXIT

JFR="$OUT/scangate.jfr"
JFC="$WORK/sampling.jfc"
# the profile settings with Java and native method samples every 1 ms instead of 10/20 ms
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
sed -e 's|<setting name="period" control="method-sampling-java-interval">[^<]*<|<setting name="period" control="method-sampling-java-interval">1 ms<|' \
  -e 's|<setting name="period" control="method-sampling-native-interval">[^<]*<|<setting name="period" control="method-sampling-native-interval">1 ms<|' \
  "${JAVA_HOME:-$java_home}/lib/jfr/profile.jfc" >"$JFC"
log "starting scangate (durability=$DURABILITY)"
SCANGATE_DURABILITY=$DURABILITY JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints ${SERVER_JAVA_OPTS:-}" start_server "$WORK/data" "$OUT/server.log"
id=$(admin POST /admin/batches "{\"sku\":\"BENCH-COLA-330\",\"gtin\":\"06901234567892\",\"region\":\"CN-31\",\"count\":$CODES}" \
  | sed -n 's/.*"batchId":\([0-9]*\).*/\1/p')
admin GET "/admin/batches/$id/codes" >"$WORK/codes.txt"
# thread CPU from /proc: "name utime+stime" (clock ticks) per thread of the server
thread_cpu() { for t in /proc/"$SERVER_PID"/task/*; do printf '%s %s\n' "$(tr ' ' '_' <"$t/comm")" "$(awk '{ print $14 + $15 }' "$t/stat")"; done 2>/dev/null; }
log "loading it: scangate loadtest --mode max --connections $CONNECTIONS --warmup $WARMUP --duration $DURATION; JFR over the measured part"
timeout 300 "$ROOT/bin/scangate" loadtest --url "http://127.0.0.1:$HTTP_PORT" --mode max --connections "$CONNECTIONS" \
  --warmup "$WARMUP" --duration "$DURATION" --codes "$WORK/codes.txt" --repeat-ratio "$REPEAT_RATIO" --device-count 1024 \
  --path "$SCAN_PATH" --out "$OUT/loadgen" >"$OUT/loadgen.txt" 2>&1 &
LOAD_PID=$!
sleep "$(awk -v w="$(secs "$WARMUP")" 'BEGIN { print w + 1 }')" # + the load generator's JVM start
thread_cpu >"$WORK/cpu-before.txt"
T_CPU=$(date +%s%N)
jcmd "$SERVER_PID" JFR.start name=bench settings="$JFC" filename="$JFR" duration="$(secs "$DURATION")s" >"$OUT/jcmd.txt" 2>&1
wait "$LOAD_PID"
thread_cpu >"$WORK/cpu-after.txt"
T_CPU=$(( ($(date +%s%N) - T_CPU) / 1000000 ))
for _ in $(seq 1 100); do [[ -s "$JFR" ]] && break; sleep 0.2; done
grep -E '^(achieved|latency)' "$OUT/loadgen.txt" >&2
stop_server TERM
[[ -s "$JFR" ]] || { log "no recording in $JFR"; cat "$OUT/jcmd.txt" >&2; exit 1; }

{
  echo "# scangate durability=$DURABILITY under scangate loadtest --mode max -c $CONNECTIONS, $(nproc) cores, $STAMP UTC"
  grep -E '^(achieved|latency)' "$OUT/loadgen.txt"
  echo
  echo "## CPU per thread over the measured part (/proc/PID/task/*/stat utime+stime; 100 % = one core; ${T_CPU} ms)"
  awk -v ms="$T_CPU" -v hz="$(getconf CLK_TCK)" 'NR == FNR { b[$1] += $2; next } { a[$1] += $2 }
    END { for (t in a) { d = a[t] - b[t]; if (d > 0) printf "%7.1f %%  %s\n", 100 * d / hz / (ms / 1000), t; tot += d }
          printf "%7.1f %%  (all threads of the server)\n", 100 * tot / hz / (ms / 1000) }' "$WORK/cpu-before.txt" "$WORK/cpu-after.txt" | sort -rn | awk 'NR <= 15'
  echo
  jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample --stack-depth 64 "$JFR" >"$WORK/samples.txt"
  echo "## method samples per thread (Java and native)"
  awk '/sampledThread = / { t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); n[t]++; all++ }
    END { for (t in n) printf "%6d  %5.1f %%  %s\n", n[t], 100 * n[t] / all, t }' "$WORK/samples.txt" | sort -rn | awk 'NR <= 15'
  for group in scangate-http scangate-verifier; do
    echo
    echo "## $group: top $TOP frames (self)"
    awk -v g="$group" '
      /sampledThread = / { t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); want = index(t, g) == 1; first = 1; next }
      /stackTrace = \[/ { inStack = 1; next }
      inStack && /^[ \t]*\]/ { inStack = 0; next }
      inStack && want && first { f = $0; sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*/, "", f); self[f]++; total++; first = 0 }
      END { for (f in self) printf "%6d  %5.1f %%  %s\n", self[f], 100 * self[f] / total, f }' "$WORK/samples.txt" | sort -rn | awk -v n="$TOP" 'NR <= n'
    echo
    echo "## $group: top $TOP methods on the stack (total, stacks cut at 64 frames)"
    awk -v g="$group" '
      /sampledThread = / { t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); want = index(t, g) == 1; if (want) total++; delete seen; next }
      /stackTrace = \[/ { inStack = 1; next }
      inStack && /^[ \t]*\]/ { inStack = 0; next }
      inStack && want { f = $0; sub(/^[ \t]+/, "", f); sub(/\(.*/, "", f); if (!(f in seen)) { seen[f] = 1; on[f]++ } }
      END { for (f in on) printf "%6d  %5.1f %%  %s\n", on[f], 100 * on[f] / total, f }' "$WORK/samples.txt" | sort -rn | awk -v n="$TOP" 'NR <= n'
  done
  echo
  # jdk.ThreadAllocationStatistics is recorded at the recording's start and end (profile settings:
  # everyChunk): the difference per thread is what it allocated over the measured part
  answered=$(awk -v d="$(secs "$DURATION")" '/^achieved/ { for (i = 1; i <= NF; i++) if ($(i + 1) == "req/s") { printf "%.0f", $i * d; exit } }' "$OUT/loadgen.txt")
  echo "## bytes allocated per answered request, by thread (jdk.ThreadAllocationStatistics over the recording; ${answered:-?} answers)"
  jfr print --json --events jdk.ThreadAllocationStatistics "$JFR" \
    | awk '/"allocated":/ { a = $2; sub(/,/, "", a) } /"javaName":/ { t = $0; sub(/.*"javaName": "/, "", t); sub(/".*/, "", t)
        if (!(t in lo) || a + 0 < lo[t]) lo[t] = a + 0; if (a + 0 > hi[t]) hi[t] = a + 0 }
      END { for (t in hi) if (hi[t] > lo[t]) printf "%12.1f B  %s\n", (hi[t] - lo[t]) / (n > 0 ? n : 1), t }' n="${answered:-0}" \
    | sort -rn | awk 'NR <= 15'
  echo
  echo "## scangate-http: top $TOP allocation sites (jdk.ObjectAllocationSample, by sampled weight)"
  jfr print --events jdk.ObjectAllocationSample --stack-depth 8 "$JFR" \
    | awk '/eventThread = / { t = $0; sub(/.*eventThread = "/, "", t); sub(/".*/, "", t); want = index(t, "scangate-http") == 1; next }
      /objectClass = / { c = $0; sub(/.*objectClass = /, "", c); sub(/ \(classLoader.*/, "", c); next }
      /weight = / { w = $0; sub(/.*weight = /, "", w); u = w; sub(/[0-9. ]+/, "", u); sub(/ .*/, "", w)
        m = (u ~ /^kB/ ? 1024 : u ~ /^MB/ ? 1048576 : u ~ /^GB/ ? 1073741824 : 1); w = w * m; next }
      /stackTrace = \[/ { inStack = 1; first = 1; next }
      inStack && /^[ \t]*\]/ { inStack = 0; next }
      inStack && want && first { f = $0; sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*/, "", f); site[c " <- " f] += w; total += w; first = 0 }
      END { for (k in site) printf "%6.1f %%  %s\n", 100 * site[k] / total, k }' | sort -rn | awk -v n="$TOP" 'NR <= n'
} | tee "$OUT/summary.txt"
log "recording $JFR, summary $OUT/summary.txt"
