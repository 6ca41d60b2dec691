#!/usr/bin/env bash
# End-to-end throughput harness (io.emojireactions.bench.e2e.EndToEndBenchmark): a coordinator JVM
# starts one local broker and writes the backlog once; each run of each target is a fresh JVM
# (io.emojireactions.bench.e2e.TargetMain) with the same flags, the same heap and the same warm-up;
# the order of the targets rotates from run to run. Results in emoji-bench/results/<UTC>.json.
#   emoji-bench/e2e.sh                                   # 5M records, every target, 1 run each
#   emoji-bench/e2e.sh --records 1000000 --runs 3
#   emoji-bench/e2e.sh --records 200000 --targets pipeline,plain-consumer
#   emoji-bench/e2e.sh --help
# Throughput mode: EMOJI_BENCH_HEAP (default 4g) is every target JVM's -Xmx; EMOJI_BENCH_JAVA_OPTS
# are extra flags for every target JVM, where {target} and {run} are replaced (e.g. a JFR recording
# per child, see profile.sh); EMOJI_BENCH_COORDINATOR_HEAP (default 2g) is the coordinator's.
# Latency mode runs the pipeline in this script's JVM, which gets EMOJI_BENCH_HEAP and EMOJI_BENCH_JAVA_OPTS;
# the load generator and the subscriber run in a JVM each (-Xmx512m):
#   emoji-bench/e2e.sh --mode latency --rate 50000 --duration PT60S --runs 3   # window-final latency + RSS
# Every JVM gets the Java 17 flags Spark needs (root pom). EMOJI_SKIP_BUILD=1 reuses the last build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${EMOJI_SKIP_BUILD:-}" != "1" ]; then
  (cd "$root" && mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Demoji.skipSparkJar=true -Demoji.skipDist=true -pl emoji-bench -am package) >&2
fi
bench="$root/emoji-bench/target"
flags="$(sed -n 's:.*<spark.java17.flags>\(.*\)</spark.java17.flags>.*:\1:p' "$root/pom.xml")"
latency=0
prev=""
for arg in "$@"; do
  if [ "$arg" = "--mode=latency" ] || { [ "$prev" = "--mode" ] && [ "$arg" = "latency" ]; }; then latency=1; fi
  prev="$arg"
done
cd "$root"
main=io.emojireactions.bench.e2e.EndToEndBenchmark
cp="$bench/classes:$(cat "$bench/runtime-classpath.txt")"
if [ "$latency" = 1 ]; then
  # shellcheck disable=SC2086 # the flags are a space-separated list on purpose
  exec java -Xmx"${EMOJI_BENCH_HEAP:-4g}" -Duser.timezone=UTC -Dfile.encoding=UTF-8 $flags ${EMOJI_BENCH_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
fi
# The target JVMs inherit the coordinator's flags (without its -Xmx), then --heap, then --child-java-opts.
# shellcheck disable=SC2086
exec java -Xmx"${EMOJI_BENCH_COORDINATOR_HEAP:-2g}" -Duser.timezone=UTC -Dfile.encoding=UTF-8 $flags -cp "$cp" "$main" \
  --heap "${EMOJI_BENCH_HEAP:-4g}" --child-java-opts "${EMOJI_BENCH_JAVA_OPTS:-}" "$@"
