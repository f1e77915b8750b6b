#!/usr/bin/env bash
# `npm test`: unit and integration tests (real Kafka and Redis, started here when none runs),
# then the browser test when Debian's Chromium is installed. Ends with one summary line,
# "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source infra/brokers.sh
ensure_node_modules || exit 1
ensure_brokers || exit 1
trap stop_started_brokers EXIT

mkdir -p test/artifacts
projects=(--project unit --project integration)
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  projects+=(--project browser)
else
  echo "browser test skipped: no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium} (apt-get install chromium)"
fi
npx vitest run "${projects[@]}" --reporter=default --reporter=json \
  --outputFile.json=test/artifacts/vitest.json "$@"
status=$?
node -e '
  const r = require("./test/artifacts/vitest.json");
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' 2>/dev/null || echo "tests: 0 passed, 1 failed"
exit $status
