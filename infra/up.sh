#!/usr/bin/env bash
# `npm start` / `npm run demo`: install when needed, start Kafka and Redis when none is
# configured or reachable, then `faultline up` creates topics and runs every service until
# Ctrl-C; brokers started here are stopped on the way out.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source infra/brokers.sh
ensure_node_modules || exit 1
ensure_brokers || exit 1
trap stop_started_brokers EXIT
trap '' INT   # the services and `faultline up` handle Ctrl-C; this shell waits for them
node --import tsx services/cli/src/main.ts up "$@"
