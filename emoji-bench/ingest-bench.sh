#!/usr/bin/env bash
# HTTP ingest throughput with wrk (Debian's `wrk`): a testkit broker, `emoji ingest` in its own
# JVM, then for each run a single-reaction phase (POST /emoji, keep-alive) and a batch phase
# (POST /emojis, NDJSON). Results: emoji-bench/results/ingest-<UTC>.json.
#   emoji-bench/ingest-bench.sh                       # 3 runs x 10 s per phase
#   RUNS=5 DURATION=20 emoji-bench/ingest-bench.sh
# Knobs (environment): RUNS (3), DURATION seconds per phase (10), CONNECTIONS (64) and
# THREADS (2) for single POSTs, BATCH reactions per batch (1000), BATCH_CONNECTIONS (8),
# INGEST_HEAP (1g), MODES ("one batch"), EMOJI_SKIP_BUILD=1 to reuse the last build,
# JVM_OPTS_ingest (extra JVM options of the ingest, e.g. a JFR recording).
set -euo pipefail
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }
# shellcheck source=http/harness.sh
. "$(dirname "${BASH_SOURCE[0]}")/http/harness.sh"
runs="${RUNS:-3}" duration="${DURATION:-10}" conns="${CONNECTIONS:-64}" threads="${THREADS:-2}"
batch="${BATCH:-1000}" batch_conns="${BATCH_CONNECTIONS:-8}"
lua="$root/emoji-bench/http/post.lua"

start_broker
iport="$(free_port)"
start_jvm ingest "${INGEST_HEAP:-1g}" "Ingest listening on " \
  ingest --bootstrap-servers "$bootstrap" --host 127.0.0.1 --port "$iport" >&2
url="http://127.0.0.1:$iport"

accepted() { curl -s "$url/metrics" | awk '/^emoji_ingest_accepted_total/ {printf "%d", $2}'; }

phase() { # phase MODE CONNECTIONS SECONDS -> the WRK_JSON object
  WRK_MODE="$1" WRK_BATCH="$batch" wrk -t"$threads" -c"$2" -d"$3s" -s "$lua" "$url" \
    | sed -n 's/^WRK_JSON //p'
}

echo "warm-up (5 s each phase)..." >&2
for mode in ${MODES:-one batch}; do
  phase "$mode" "$([ "$mode" = one ] && echo "$conns" || echo "$batch_conns")" 5 >/dev/null
done

results=()
for run in $(seq 1 "$runs"); do
  for mode in ${MODES:-one batch}; do
    c=$([ "$mode" = one ] && echo "$conns" || echo "$batch_conns")
    before="$(accepted)"; load_before="$(loadavg)"; cpu_before="$(cpu_ms "${pid_of[ingest]}")"
    json="$(phase "$mode" "$c" "$duration")"
    after="$(accepted)"; cpu_used=$(($(cpu_ms "${pid_of[ingest]}") - cpu_before))
    n=$((after - before))
    # What the ingest's own CPU time per reaction allows: a figure the machine's other load
    # disturbs far less than the rate (which is bounded by the CPU share this JVM got).
    per_core=$(awk -v n="$n" -v ms="$cpu_used" 'BEGIN {printf "%.0f", (ms > 0 ? n * 1000 / ms : 0)}')
    echo "run $run $mode: $json accepted $n, ingest CPU ${cpu_used} ms = $per_core reactions per CPU-second" >&2
    results+=("{\"run\":$run,\"connections\":$c,\"wrk\":$json,\"accepted_by_server\":$n,\"accepted_per_s\":$(awk -v n="$n" -v d="$duration" 'BEGIN {printf "%.1f", n / d}'),\"ingest_cpu_ms\":$cpu_used,\"reactions_per_ingest_cpu_s\":$per_core,\"loadavg_before\":[$load_before],\"loadavg_after\":[$(loadavg)]}")
  done
done

mkdir -p "$root/emoji-bench/results"
out="$root/emoji-bench/results/ingest-$(date -u +%Y%m%dT%H%M%SZ).json"
{
  printf '{"benchmark":"ingest","commit":"%s","cores":%d,"threads":%d,"batch":%d,"duration_s":%d,"runs":[\n' \
    "$(git -C "$root" rev-parse --short HEAD)" "$(nproc)" "$threads" "$batch" "$duration"
  (IFS=$'\n'; echo "${results[*]}" | sed '$!s/$/,/')
  echo ']}'
} >"$out"
echo "results: $out" >&2
