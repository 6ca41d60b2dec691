#!/usr/bin/env bash
# Top frames of a JFR recording's CPU samples (io.emojireactions.bench.profile.JfrTop).
#   EMOJI_BENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/pipeline.jfr,settings=profile" \
#     emoji-bench/e2e.sh --records 1000000 --targets pipeline
#   emoji-bench/profile.sh /tmp/pipeline.jfr 30              # all threads
#   emoji-bench/profile.sh /tmp/pipeline.jfr 30 "Executor task launch worker"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec java -cp "$root/emoji-bench/target/classes" io.emojireactions.bench.profile.JfrTop "$@"
