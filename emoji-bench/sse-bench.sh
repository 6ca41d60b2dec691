#!/usr/bin/env bash
# Dashboard push lag under many Server-Sent Events clients (io.emojireactions.bench.http.SseLoad):
# a testkit broker, `emoji dashboard` in its own JVM, then per run N streams to /events while
# window counts are produced to its topic; each update's lag = arrival - produce time (the
# dashboard batches: one `updates` SSE message carries many updates, each counted and timed), and
# the dashboard's live heap (after a full GC) and resident memory per open stream.
# Results: emoji-bench/results/sse-<UTC>.json.
#   emoji-bench/sse-bench.sh                    # 3 runs, 10,000 clients, 10 emoji/s for 30 s
#   RUNS=1 CLIENTS=1000 emoji-bench/sse-bench.sh
# Knobs (environment): RUNS (3), CLIENTS (10000), KEYS per round (10), TICKS per second (1),
# DURATION seconds per run (30), CLIENT_THREADS (2), DASHBOARD_HEAP (1g), EMOJI_SKIP_BUILD=1,
# JVM_OPTS_dashboard (e.g. a JFR recording).
set -euo pipefail
# shellcheck source=http/harness.sh
. "$(dirname "${BASH_SOURCE[0]}")/http/harness.sh"
runs="${RUNS:-3}" clients="${CLIENTS:-10000}"
# Each stream is a file descriptor on both sides (Java raises its soft limit to the hard one).
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt $((clients + 1000)) ]; then
  echo "needs ulimit -n >= $((clients + 1000)) (hard limit is $(ulimit -Hn))" >&2; exit 1
fi
ulimit -n "$(ulimit -Hn)"

start_broker

results=()
for run in $(seq 1 "$runs"); do
  # A fresh dashboard per run: the clients of a run all leave at its end, and each run starts from
  # an empty dashboard (earlier dashboards deadlocked when clients left during a broadcast; see
  # emoji-bench/results/LOG.md).
  if [ "$run" -gt 1 ]; then stop_last; fi
  dport="$(free_port)"
  start_jvm dashboard "${DASHBOARD_HEAP:-1g}" "Dashboard at " \
    dashboard --bootstrap-servers "$bootstrap" --host 127.0.0.1 --port "$dport" --topic emoji_cluster_1 --replay-seconds 0 >&2
  load_before="$(loadavg)"
  # shellcheck disable=SC2086
  json="$(java -Xmx1g $java_flags -cp "$classpath" io.emojireactions.bench.http.SseLoad \
    --dashboard "http://127.0.0.1:$dport" --bootstrap-servers "$bootstrap" --topic emoji_cluster_1 \
    --clients "$clients" --threads "${CLIENT_THREADS:-2}" --keys "${KEYS:-10}" \
    --ticks-per-second "${TICKS:-1}" --seconds "${DURATION:-30}" --dashboard-pid "${pid_of[dashboard]}")"
  health="$(curl -s --max-time 10 "http://127.0.0.1:$dport/health" || true)"
  echo "run $run: $(echo "$json" | tr -d ' \n') dashboard health: ${health:-no answer in 10 s}" >&2
  results+=("{\"run\":$run,\"result\":$(echo "$json" | tr -d '\n'),\"dashboard_health\":${health:-null},\"loadavg_before\":[$load_before],\"loadavg_after\":[$(loadavg)]}")
done

mkdir -p "$root/emoji-bench/results"
out="$root/emoji-bench/results/sse-$(date -u +%Y%m%dT%H%M%SZ).json"
{
  printf '{"benchmark":"dashboard-sse","commit":"%s","cores":%d,"runs":[\n' "$(git -C "$root" rev-parse --short HEAD)" "$(nproc)"
  (IFS=$'\n'; echo "${results[*]}" | sed '$!s/$/,/')
  echo ']}'
} >"$out"
echo "results: $out" >&2
