#!/usr/bin/env bash
# The long fault run (docs/reliability.md, "Long run"): steady input through `emoji pipeline` and
# `emoji fanout` in their own processes, a kill -9 every few minutes (pipeline and relay in turn),
# pipeline RSS and checkpoint state sampled every 15 s, exact counts checked at the end.
# Not part of `mvn verify` (the test class, SoakRun, does not end in IT).
#   emoji-bench/soak.sh                 # 30 minutes, 200 reactions/s, a fault every ~2 min
#   emoji-bench/soak.sh 5               # 5 minutes
#   EMOJI_SOAK_RATE=500 EMOJI_SOAK_FAULT_SECONDS=180 emoji-bench/soak.sh 60
# Output (samples, faults, the final figures): stdout and
# emoji-apps/emoji-cli/target/failsafe-reports/io.emojireactions.apps.reliability.SoakRun-output.txt
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes="${1:-30}"
cd "$root"
exec mvn -B -o -pl emoji-apps/emoji-cli -am verify -Demoji.skipSparkJar=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=SoakRun \
  -Demoji.soak.minutes="$minutes" -Demoji.soak.rate="${EMOJI_SOAK_RATE:-200}" \
  -Demoji.soak.fault.seconds="${EMOJI_SOAK_FAULT_SECONDS:-120}" \
  -Dfailsafe.timeout=0 ${EMOJI_SOAK_SEED:+-Demoji.faults.seed=$EMOJI_SOAK_SEED}
