#!/usr/bin/env bash
# End-to-end throughput harness (io.emojireactions.bench.e2e.EndToEndBenchmark): one local broker,
# one backlog, each target timed over the whole backlog; results in emoji-bench/results/<UTC>.json.
#   emoji-bench/e2e.sh                                   # 5M records, every target, 1 run each
#   emoji-bench/e2e.sh --records 1000000 --runs 3
#   emoji-bench/e2e.sh --records 200000 --targets pipeline,plain-consumer
#   emoji-bench/e2e.sh --help
# Heap: EMOJI_BENCH_HEAP (default 4g); extra JVM flags: EMOJI_BENCH_JAVA_OPTS (e.g. a JFR recording, see
# profile.sh). The JVM gets the Java 17 flags Spark needs (root pom).
#   emoji-bench/e2e.sh --mode latency --rate 50000 --duration PT60S --runs 3   # window-final latency + RSS
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Demoji.skipSparkJar=true -Demoji.skipDist=true -pl emoji-bench -am package) >&2
bench="$root/emoji-bench/target"
flags="$(sed -n 's:.*<spark.java17.flags>\(.*\)</spark.java17.flags>.*:\1:p' "$root/pom.xml")"
cd "$root"
# shellcheck disable=SC2086 # the flags are a space-separated list on purpose
exec java -Xmx"${EMOJI_BENCH_HEAP:-4g}" -Duser.timezone=UTC -Dfile.encoding=UTF-8 $flags ${EMOJI_BENCH_JAVA_OPTS:-} \
  -cp "$bench/classes:$(cat "$bench/runtime-classpath.txt")" io.emojireactions.bench.e2e.EndToEndBenchmark "$@"
