#!/usr/bin/env bash
# Whole-process wall time of `bin/emoji pipeline --trigger available-now` over a backlog, as a
# user runs it: JVM start, Spark session, planning, the one micro-batch, the output, exit. A
# testkit broker (`emoji broker`), `emoji topics`, then RECORDS reactions written by `emoji
# simulate` as fast as it can; then RUNS timed runs, each with a fresh checkpoint (so each reads
# the whole backlog) and its own output topic. Prints one JSON object per run and writes them to
# emoji-bench/results/available-now-<UTC>.json, with the commit, the machine and the load average.
#   emoji-bench/available-now.sh                 # 5M records, 3 runs
#   RECORDS=1000000 RUNS=1 emoji-bench/available-now.sh
set -euo pipefail
# shellcheck source=http/harness.sh
. "$(dirname "${BASH_SOURCE[0]}")/http/harness.sh"
records="${RECORDS:-5000000}" runs="${RUNS:-3}"

start_broker
echo "writing $records reactions to emoji_reactions..." >&2
# shellcheck disable=SC2086
java $java_flags -cp "$classpath" io.emojireactions.apps.EmojiCli simulate --bootstrap-servers "$bootstrap" \
  --rate 0 --count "$records" >"$work/simulate.log" 2>&1
# Build once (bin/emoji builds what is stale), so no run pays for it.
"$root/bin/emoji" --version >/dev/null

results=()
for run in $(seq 1 "$runs"); do
  load_before="$(loadavg)"
  start_ns=$(date +%s%N)
  "$root/bin/emoji" pipeline --bootstrap-servers "$bootstrap" --trigger available-now \
    --checkpoint "$work/checkpoint-$run" --output-topic "available_now_$run" >"$work/pipeline-$run.log" 2>&1
  wall_ms=$((($(date +%s%N) - start_ns) / 1000000))
  echo "run $run: ${wall_ms} ms wall" >&2
  results+=("{\"run\":$run,\"records\":$records,\"wall_ms\":$wall_ms,\"loadavg_before\":[$load_before],\"loadavg_after\":[$(loadavg)]}")
done

mkdir -p "$root/emoji-bench/results"
out="$root/emoji-bench/results/available-now-$(date -u +%Y%m%dT%H%M%SZ).json"
{
  printf '{"benchmark":"available-now","commit":"%s","dirty":%s,"cores":%d,"cpu":"%s","java":"%s","command":"bin/emoji pipeline --trigger available-now","runs":[\n' \
    "$(git -C "$root" rev-parse --short HEAD)" "$([ -z "$(git -C "$root" status --porcelain -- '*.java' '*.sh' '*.xml')" ] && echo false || echo true)" \
    "$(nproc)" "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" "$(java -version 2>&1 | head -1 | tr -d '"')"
  (IFS=$'\n'; echo "${results[*]}" | sed '$!s/$/,/')
  echo ']}'
} >"$out"
cat "$out"
echo "results: $out" >&2
