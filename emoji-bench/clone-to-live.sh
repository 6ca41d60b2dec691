#!/usr/bin/env bash
# "A new user sees live emoji counts within a minute of cloning", measured: the seconds from
# `git clone` to the first aggregate event at the demo dashboard's /events, with the build
# `bin/emoji` does on first use included (a warm ~/.m2, as on a machine that built once).
#   emoji-bench/clone-to-live.sh                  # clones /work/main
#   LIMIT=900 emoji-bench/clone-to-live.sh /path/to/repo [BRANCH]   # LIMIT: seconds to the dashboard (600)
# Prints the phases (clone, build, demo start, first aggregate) and one JSON line.
set -euo pipefail
repo="${1:-/work/main}"
branch="${2:-}"
dir="$(mktemp -d /tmp/emoji-clone.XXXXXX)"
demo_pid=""
# The demo (and the build bin/emoji runs before it) in a process group of its own: SIGTERM to the
# group, SIGKILL after 60 s (a demo still starting under heavy load has ignored SIGTERM here).
cleanup() {
  if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then
    kill -TERM -- "-$demo_pid" 2>/dev/null || true
    local deadline=$((SECONDS + 60))
    while kill -0 "$demo_pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
    kill -KILL -- "-$demo_pid" 2>/dev/null || true
    wait "$demo_pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
t0=$(date +%s.%N)
git clone -q ${branch:+--branch "$branch"} "$repo" "$dir/x"
t_clone=$(date +%s.%N)
cd "$dir/x"
setsid bin/emoji demo --port 0 --ingest-port 0 >"$dir/demo.log" 2>&1 &
demo_pid=$!
url=""
until [ -n "$url" ]; do
  kill -0 "$demo_pid" 2>/dev/null || { echo "demo exited; log:" >&2; cat "$dir/demo.log" >&2; exit 1; }
  [ "$(echo "$(date +%s.%N) - $t0 > ${LIMIT:-600}" | bc)" = 1 ] && { echo "no dashboard after ${LIMIT:-600} s ($(grep -c . "$dir/demo.log") log lines)" >&2; exit 1; }
  url="$(sed -n 's/^Dashboard: \(http[^ ]*\).*/\1/p' "$dir/demo.log" | head -1)"
  sleep 0.1
done
t_dashboard=$(date +%s.%N)
t_built="$(stat -c %Y.%N emoji-apps/emoji-cli/target/runtime-classpath.txt 2>/dev/null | cut -d. -f1)"
first="$(curl -sN --max-time 300 "${url%/}/events" | grep -m1 '^data:' || true)"
t_first=$(date +%s.%N)
[ -n "$first" ] || { echo "no aggregate within 300 s of the dashboard" >&2; exit 1; }
secs() { printf '%.1f' "$(echo "$1 - $2" | bc)"; }
echo "clone $(secs "$t_clone" "$t0") s; build done at $(secs "$t_built" "$t0") s; dashboard up at $(secs "$t_dashboard" "$t0") s; first aggregate at $(secs "$t_first" "$t0") s" >&2
echo "first event: $first" >&2
printf '{"repo":"%s","commit":"%s","clone_s":%s,"build_done_s":%s,"dashboard_s":%s,"first_aggregate_s":%s,"loadavg":[%s]}\n' \
  "$repo" "$(git rev-parse --short HEAD)" "$(secs "$t_clone" "$t0")" "$(secs "$t_built" "$t0")" \
  "$(secs "$t_dashboard" "$t0")" "$(secs "$t_first" "$t0")" "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ',')"
