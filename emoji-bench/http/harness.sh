# Shared by ingest-bench.sh and sse-bench.sh (sourced, not run): builds emoji-bench, starts and
# stops the JVMs of a benchmark (a testkit broker, the ingest, the dashboard), each with its log
# under $work, and cleans up on exit.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="$root/emoji-bench/target"
if [ "${EMOJI_SKIP_BUILD:-}" != "1" ]; then
  (cd "$root" && mvn -B -o -q -DskipTests -Demoji.skipSparkJar=true -Demoji.skipDist=true -pl emoji-bench -am package) >&2
fi
classpath="$bench/classes:$(cat "$bench/runtime-classpath.txt")"
java_flags="$(sed -n 's:.*<spark.java17.flags>\(.*\)</spark.java17.flags>.*:\1:p' "$root/pom.xml")"
work="$(mktemp -d /tmp/emoji-http-bench.XXXXXX)"
pids=()
declare -A pid_of # name -> pid
keep_logs="$root/emoji-bench/target/http-bench-logs-$(date -u +%Y%m%dT%H%M%SZ)"

# Stops the newest JVM (bounded, as in cleanup) and forgets it.
stop_last() {
  local i=$((${#pids[@]} - 1))
  stop_pid "${pids[$i]}"
  unset "pids[$i]"
  pids=("${pids[@]}")
}

# SIGTERM, then after 30 s a thread dump (kept) and SIGKILL.
stop_pid() {
  local p="$1" deadline
  kill -TERM "$p" 2>/dev/null || return 0
  deadline=$((SECONDS + 30))
  while kill -0 "$p" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$p" 2>/dev/null; then
    echo "pid $p did not stop within 30 s of SIGTERM; killing it (thread dump in $keep_logs)" >&2
    jstack "$p" >"$work/jstack-$p.txt" 2>&1 || true
    kill -KILL "$p" 2>/dev/null || true
    keep=1
  fi
  wait "$p" 2>/dev/null || true
}

# Stops the JVMs newest first (the broker last, so the others can still reach it while they
# stop); one that has not exited 30 s after SIGTERM gets a thread dump in its log and SIGKILL.
cleanup() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop_pid "${pids[$i]}"; done
  if [ -n "${keep:-}" ]; then cp -r "$work" "$keep_logs"; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_jvm NAME HEAP READY_PREFIX ARGS... : runs `emoji ARGS...` in the background, waits (up to
# $START_TIMEOUT s, default 300) for its ready line, and prints that line. $JVM_OPTS_<NAME> adds JVM options (e.g.
# JVM_OPTS_ingest='-XX:StartFlightRecording=filename=/tmp/ingest.jfr' to profile).
start_jvm() {
  local name="$1" heap="$2" ready="$3"; shift 3
  local extra_var="JVM_OPTS_$name"
  if [ -f "$work/$name.log" ]; then mv "$work/$name.log" "$work/$name.$(date +%s%N).log"; fi
  # shellcheck disable=SC2086 # the flags are space-separated lists on purpose
  java -Xmx"$heap" -Duser.timezone=UTC -Dfile.encoding=UTF-8 $java_flags ${!extra_var:-} \
    -cp "$classpath" io.emojireactions.apps.EmojiCli "$@" >"$work/$name.log" 2>&1 &
  pids+=("$!")
  pid_of[$name]=$!
  local pid=$! deadline=$((SECONDS + ${START_TIMEOUT:-300}))
  until grep -q "^$ready" "$work/$name.log"; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "$name did not start; its log:" >&2; cat "$work/$name.log" >&2; exit 1
    fi
    sleep 0.2
  done
  grep -m1 "^$ready" "$work/$name.log"
}

# A broker with every topic of the default topology; sets $bootstrap.
start_broker() {
  local kport; kport="$(free_port)"
  start_jvm broker 1g "Kafka is ready at " broker --port "$kport" >&2
  bootstrap="127.0.0.1:$kport"
  # shellcheck disable=SC2086
  java $java_flags -cp "$classpath" io.emojireactions.apps.EmojiCli topics --bootstrap-servers "$bootstrap" >"$work/topics.log" 2>&1
}

# CPU time (ms, user + system, all threads) a process has used so far.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$1/stat"; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' ','; }
