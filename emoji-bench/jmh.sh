#!/usr/bin/env bash
# Runs the JMH benchmarks of emoji-bench on Java 17.
#   emoji-bench/jmh.sh                          # every benchmark
#   emoji-bench/jmh.sh ParseBenchmark -p invalidPercent=0
#   emoji-bench/jmh.sh -rf json -rff target/jmh.json PerRecordPathBenchmark
# Arguments are JMH's own (java -jar benchmarks.jar -h lists them).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Demoji.skipSparkJar=true -Demoji.skipDist=true -pl emoji-bench -am package) >&2
bench="$root/emoji-bench/target"
exec java -Xmx2g -cp "$bench/classes:$(cat "$bench/runtime-classpath.txt")" org.openjdk.jmh.Main "$@"
