#!/usr/bin/env bash
# The cardinality attack, measured (docs/reliability.md, "Cardinality"): a testkit broker, then
# `emoji ingest`, `emoji pipeline`, `emoji fanout` and `emoji dashboard`, each in its own JVM;
# emoji-bench/rooms/load.py posts RATE reactions/s to the ingest, each in a room never used
# before (RATE 1667 = 100,000 distinct rooms per minute), reads the dashboard's /events as one
# browser (bytes, messages, distinct rooms per window) and samples every process's VmRSS and
# live heap (heap in use after a full GC forced with jcmd).
# Bounded: DURATION seconds of load (default 180), then everything is stopped.
# Results: emoji-bench/results/rooms-<UTC>.json.
#   emoji-bench/rooms-bench.sh                       # 180 s at 1667 rooms/s, dashboard cap 1000
#   DURATION=120 MAX_ROOMS=1000 emoji-bench/rooms-bench.sh
# Knobs (environment): DURATION (180), RATE (1667), SAMPLE seconds (20), MAX_ROOMS per window
# of the dashboard (1000), INGEST_FLAGS (e.g. "--room-pattern r-[0-9]{1,3}" to see the policy
# refuse the attack), EMOJI_SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
# shellcheck source=http/harness.sh
. "$(dirname "${BASH_SOURCE[0]}")/http/harness.sh"
duration="${DURATION:-180}" rate="${RATE:-1667}" sample="${SAMPLE:-20}" max_rooms="${MAX_ROOMS:-1000}"

start_broker
iport="$(free_port)" dport="$(free_port)"
# shellcheck disable=SC2086
start_jvm ingest 512m "Ingest listening on " \
  ingest --bootstrap-servers "$bootstrap" --host 127.0.0.1 --port "$iport" ${INGEST_FLAGS:-} >&2
start_jvm relay 512m "emoji fanout: relaying" fanout --bootstrap-servers "$bootstrap" >&2
start_jvm dashboard 512m "Dashboard at " \
  dashboard --bootstrap-servers "$bootstrap" --host 127.0.0.1 --port "$dport" --topic emoji_cluster_1 \
  --replay-seconds 0 --max-rooms-per-window "$max_rooms" >&2
# The pipeline has no ready line of its own: it logs its settings once its query is started. It
# reads the (fresh) input topic from the earliest offset, so no reaction is missed meanwhile.
# shellcheck disable=SC2086
java -Xmx1g -Duser.timezone=UTC -Dfile.encoding=UTF-8 $java_flags -cp "$classpath" io.emojireactions.apps.EmojiCli \
  pipeline --bootstrap-servers "$bootstrap" --checkpoint "$work/checkpoint" --starting-offsets earliest \
  --master 'local[2]' --shuffle-partitions 2 >"$work/pipeline.log" 2>&1 &
pids+=("$!"); pid_of[pipeline]=$!
deadline=$((SECONDS + ${START_TIMEOUT:-300}))
until grep -q "pipeline emoji_reactions -> " "$work/pipeline.log"; do
  if ! kill -0 "${pid_of[pipeline]}" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
    echo "pipeline did not start; its log:" >&2; tail -50 "$work/pipeline.log" >&2; exit 1
  fi
  sleep 0.5
done
echo "pipeline started (pid ${pid_of[pipeline]})" >&2

load_before="$(loadavg)"
pid_list="ingest=${pid_of[ingest]},pipeline=${pid_of[pipeline]},relay=${pid_of[relay]},dashboard=${pid_of[dashboard]}"
json="$(python3 "$root/emoji-bench/rooms/load.py" --ingest "http://127.0.0.1:$iport" \
  --dashboard "http://127.0.0.1:$dport" --rate "$rate" --seconds "$duration" --sample "$sample" --pids "$pid_list" --live-heap)"
health="$(curl -s --max-time 10 "http://127.0.0.1:$dport/health" || echo null)"
ingest_rejected="$(curl -s --max-time 10 "http://127.0.0.1:$iport/metrics" | grep '^emoji_ingest_rejected_total' | tr '\n' ';' || true)"
echo "$json" | python3 -c 'import json,sys; r=json.load(sys.stdin); [print(s, file=sys.stderr) for s in r["samples"]]; r.pop("samples"); print(json.dumps(r, ensure_ascii=False), file=sys.stderr)'
echo "dashboard health: $health" >&2

mkdir -p "$root/emoji-bench/results"
out="$root/emoji-bench/results/rooms-$(date -u +%Y%m%dT%H%M%SZ).json"
printf '{"benchmark":"rooms","commit":"%s","cores":%d,"max_rooms_per_window":%d,"ingest_flags":"%s","result":%s,"dashboard_health":%s,"ingest_rejected":"%s","loadavg_before":[%s],"loadavg_after":[%s]}\n' \
  "$(git -C "$root" rev-parse --short HEAD)" "$(nproc)" "$max_rooms" "${INGEST_FLAGS:-}" "$json" "$health" "$ingest_rejected" \
  "$load_before" "$(loadavg)" >"$out"
echo "results: $out" >&2
