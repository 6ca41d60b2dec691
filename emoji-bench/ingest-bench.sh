#!/usr/bin/env bash
# HTTP ingest throughput with wrk (Debian's `wrk`): a testkit broker, `emoji ingest` in its own
# JVM, then for each run a single-reaction phase (POST /emoji, keep-alive) and a batch phase
# (POST /emojis, NDJSON). Results: emoji-bench/results/ingest-<UTC>.json.
#   emoji-bench/ingest-bench.sh                       # 3 runs x 10 s per phase
#   RUNS=5 DURATION=20 emoji-bench/ingest-bench.sh
# The ceiling of the machine for small POSTs: in each run, the single-reaction phase is run as well
# against nginx answering every POST with a constant 200 and a body of the ingest's size (a server
# doing no work, configured as its users would: one worker per core, no access log, keep-alive
# without a request limit), right before or after the ingest's (alternating), so both see the
# same load. Needs nginx (apt-get install -y nginx-light); BASELINE=none skips it.
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

nginx_url=""
if [ "${BASELINE:-nginx}" = nginx ]; then
  command -v nginx >/dev/null || { echo "needs nginx for the baseline: apt-get install -y nginx-light (or BASELINE=none)" >&2; exit 1; }
  nport="$(free_port)"
  mkdir -p "$work/nginx/logs"
  cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_buffer_size 16k;
  client_body_temp_path $work/nginx/body;
  server {
    listen 127.0.0.1:$nport;
    location / {
      default_type application/json;
      return 200 '{"status":"Emoji received","message_id":"00000000-0000-0000-0000-000000000000"}';
    }
  }
}
CONF
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>"$work/nginx/logs/stderr.log" &
  nginx_pid=$!
  trap 'kill -QUIT "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; cleanup' EXIT
  deadline=$((SECONDS + 30))
  until curl -s -o /dev/null "http://127.0.0.1:$nport/"; do
    if ! kill -0 "$nginx_pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "nginx did not start; its log:" >&2; cat "$work/nginx/logs/"* >&2; exit 1
    fi
    sleep 0.1
  done
  nginx_url="http://127.0.0.1:$nport"
fi
# CPU time (ms) of nginx's master and workers.
nginx_cpu_ms() {
  local total=0 p
  for p in $nginx_pid $(pgrep -P "$nginx_pid"); do total=$((total + $(cpu_ms "$p"))); done
  echo "$total"
}

phase() { # phase MODE CONNECTIONS SECONDS [URL] -> the WRK_JSON object
  WRK_MODE="$1" WRK_BATCH="$batch" wrk -t"$threads" -c"$2" -d"$3s" -s "$lua" "${4:-$url}" \
    | sed -n 's/^WRK_JSON //p'
}

baseline() { # baseline -> the nginx phase's JSON with nginx's CPU time
  local cpu_before json cpu_used
  cpu_before="$(nginx_cpu_ms)"
  json="$(phase one "$conns" "$duration" "$nginx_url")"
  [ -n "$json" ] || { echo "wrk against nginx gave no result" >&2; exit 1; }
  cpu_used=$(($(nginx_cpu_ms) - cpu_before))
  echo "{\"wrk\":$json,\"server_cpu_ms\":$cpu_used,\"loadavg_after\":[$(loadavg)]}"
}

echo "warm-up (5 s each phase)..." >&2
for mode in ${MODES:-one batch}; do
  phase "$mode" "$([ "$mode" = one ] && echo "$conns" || echo "$batch_conns")" 5 >/dev/null
done
if [ -n "$nginx_url" ]; then phase one "$conns" 5 "$nginx_url" >/dev/null; fi

results=()
for run in $(seq 1 "$runs"); do
  for mode in ${MODES:-one batch}; do
    c=$([ "$mode" = one ] && echo "$conns" || echo "$batch_conns")
    base="null"
    # The do-nothing server's phase right before the ingest's in odd runs, right after in even ones.
    if [ "$mode" = one ] && [ -n "$nginx_url" ] && [ $((run % 2)) -eq 1 ]; then base="$(baseline)"; [ -n "$base" ] || exit 1; fi
    before="$(accepted)"; load_before="$(loadavg)"; cpu_before="$(cpu_ms "${pid_of[ingest]}")"
    json="$(phase "$mode" "$c" "$duration")"
    [ -n "$json" ] || { echo "wrk against the ingest gave no result" >&2; exit 1; }
    after="$(accepted)"; cpu_used=$(($(cpu_ms "${pid_of[ingest]}") - cpu_before))
    n=$((after - before))
    # What the ingest's own CPU time per reaction allows: a figure the machine's other load
    # disturbs far less than the rate (which is bounded by the CPU share this JVM got).
    per_core=$(awk -v n="$n" -v ms="$cpu_used" 'BEGIN {printf "%.0f", (ms > 0 ? n * 1000 / ms : 0)}')
    per_1000=$(awk -v n="$n" -v ms="$cpu_used" 'BEGIN {printf "%.4f", (n > 0 ? ms / n : 0)}')
    load_after="$(loadavg)"
    if [ "$mode" = one ] && [ -n "$nginx_url" ] && [ $((run % 2)) -eq 0 ]; then base="$(baseline)"; [ -n "$base" ] || exit 1; fi
    echo "run $run $mode: $json accepted $n, ingest CPU ${cpu_used} ms = $per_core reactions per CPU-second, $per_1000 CPU-s per 1,000; do-nothing server: $base" >&2
    results+=("{\"run\":$run,\"connections\":$c,\"wrk\":$json,\"accepted_by_server\":$n,\"accepted_per_s\":$(awk -v n="$n" -v d="$duration" 'BEGIN {printf "%.1f", n / d}'),\"ingest_cpu_ms\":$cpu_used,\"reactions_per_ingest_cpu_s\":$per_core,\"ingest_cpu_s_per_1000_reactions\":$per_1000,\"do_nothing_server\":$base,\"loadavg_before\":[$load_before],\"loadavg_after\":[$load_after]}")
  done
done

mkdir -p "$root/emoji-bench/results"
out="$root/emoji-bench/results/ingest-$(date -u +%Y%m%dT%H%M%SZ).json"
{
  printf '{"benchmark":"ingest","commit":"%s","dirty":%s,"cores":%d,"cpu":"%s","java":"%s","ingest_heap":"%s","nginx":"%s","threads":%d,"batch":%d,"duration_s":%d,"runs":[\n' \
    "$(git -C "$root" rev-parse --short HEAD)" "$([ -z "$(git -C "$root" status --porcelain -- '*.java' '*.sh' '*.xml')" ] && echo false || echo true)" \
    "$(nproc)" "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" "$(java -version 2>&1 | head -1 | tr -d '"')" \
    "${INGEST_HEAP:-1g}" "$( [ -n "$nginx_url" ] && nginx -v 2>&1 | sed 's/.*: //' || echo none)" "$threads" "$batch" "$duration"
  (IFS=$'\n'; echo "${results[*]}" | sed '$!s/$/,/')
  echo ']}'
} >"$out"
echo "results: $out" >&2
