#!/bin/sh
# Runs the JMH benchmarks in loadtest/target/benchmarks.jar with the Chronicle Map JVM flags of
# config/jvm.options appended to every forked JVM (the host JVM only lists and forks).
# Build first: mvn -q -B -DskipTests package -pl loadtest -am
# Usage: loadtest/run-benchmarks.sh [JMH options] [benchmark regexp]
#   e.g. loadtest/run-benchmarks.sh -wi 3 -w 2s -i 5 -r 2s -f 1 -prof gc VerifierBenchmark
# With -f 0 the benchmarks run in the host JVM: start it as java @config/jvm.options -jar ... instead.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
exec java -jar "$root/loadtest/target/benchmarks.jar" \
    -jvmArgsAppend "$(tr '\n' ' ' < "$root/config/jvm.options")" "$@"
