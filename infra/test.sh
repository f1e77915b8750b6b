#!/usr/bin/env bash
# `npm test`: unit and integration tests (real Kafka and Redis, started here when none runs),
# then the browser test when Debian's Chromium is installed. Ends with one summary line,
# "tests: N passed, N failed, N skipped".
#
# Nothing it starts outlives it: every process of the run carries FAULTLINE_RUN_ID=<id>
# (inherited whatever its process group), Ctrl-C or a TERM kills them all, and at the end the
# run fails if any is still alive (after killing it).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source infra/brokers.sh
ensure_node_modules || exit 1
ensure_brokers || exit 1

RUN_ID="t$(date +%s)-$$-$RANDOM"
echo "test run FAULTLINE_RUN_ID=$RUN_ID"

# Processes whose environment holds this run's tag (not this shell: the tag is only given to
# the test command, and this shell's helpers do not carry it).
run_pids() {
  # One grep over every environ file (a process per file is far too slow on a busy machine).
  grep -lzxF "FAULTLINE_RUN_ID=$RUN_ID" /proc/[0-9]*/environ 2>/dev/null |
    sed -n 's#^/proc/\([0-9]*\)/environ$#\1#p' | grep -vx "$$"
}

# TERM everything of the run, give it up to 6 s (services stop within 5 s), then KILL.
kill_run() {
  local pids i
  pids=$(run_pids)
  [ -n "$pids" ] || return 0
  kill -TERM $pids 2>/dev/null
  for i in $(seq 1 24); do
    pids=$(run_pids); [ -n "$pids" ] || return 0
    sleep 0.25
  done
  kill -KILL $pids 2>/dev/null
}

interrupted() {
  trap '' INT TERM
  echo "npm test interrupted: stopping everything this run started"
  kill_run
  exit 130 # the EXIT trap stops the brokers started here
}
trap interrupted INT TERM
trap stop_started_brokers EXIT

mkdir -p test/artifacts
rm -f test/artifacts/orphans.txt   # written by the vitest global teardown when it kills leftovers
projects=(--project unit --project integration)
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  projects+=(--project browser)
else
  echo "browser test skipped: no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium} (apt-get install chromium)"
fi
# In the background so a Ctrl-C reaches the trap at once (a foreground child is waited for).
FAULTLINE_RUN_ID="$RUN_ID" npx vitest run "${projects[@]}" --reporter=default --reporter=json \
  --outputFile.json=test/artifacts/vitest.json "$@" < /dev/null &
vitest_pid=$!
wait "$vitest_pid"
status=$?
node -e '
  const r = require("./test/artifacts/vitest.json");
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' 2>/dev/null || echo "tests: 0 passed, 1 failed"

# No orphans: whatever of this run is still alive a few seconds after the tests is a failure.
left=""
for i in $(seq 1 24); do
  left=$(run_pids); [ -n "$left" ] || break
  sleep 0.25
done
if [ -s test/artifacts/orphans.txt ]; then
  echo "no-orphans: FAILED: the vitest teardown had to kill processes of this run (test/artifacts/orphans.txt)"
  [ "$status" = 0 ] && status=1
fi
if [ -n "$left" ]; then
  echo "no-orphans: FAILED: processes of this run still alive after the tests (killed now):"
  for pid in $left; do
    echo "  $pid $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-160)"
  done
  kill -KILL $left 2>/dev/null
  [ "$status" = 0 ] && status=1
else
  echo "no-orphans: no process of this run is left"
fi
exit $status
