#!/usr/bin/env bash
# Top frames of a JFR recording's CPU samples (io.emojireactions.bench.profile.JfrTop).
# e2e.sh runs each target in its own JVM; {target} and {run} in EMOJI_BENCH_JAVA_OPTS name its recording:
#   EMOJI_BENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/{target}-{run}.jfr,settings=profile" \
#     emoji-bench/e2e.sh --records 1000000 --targets pipeline
#   emoji-bench/profile.sh /tmp/pipeline-0.jfr 30              # all threads
#   emoji-bench/profile.sh /tmp/pipeline-0.jfr 30 "Executor task launch worker"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec java -cp "$root/emoji-bench/target/classes" io.emojireactions.bench.profile.JfrTop "$@"
