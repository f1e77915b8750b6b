#!/usr/bin/env bash
# Stop the redis-server that infra/redis/start.sh started (its pid file in
# $REDIS_DATA_DIR). A Redis this script did not start (system service, another
# host) is never touched. Idempotent.
#
#   stop.sh          stop, keep dump.rdb
#   stop.sh --wipe   stop and delete the data dir
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="${REDIS_DATA_DIR:-$HERE/.data}"
PID_FILE="$DATA/redis.pid"
STOP_TIMEOUT="${REDIS_STOP_TIMEOUT:-30}"

wipe=0
for arg in "$@"; do
  case "$arg" in
    --wipe) wipe=1 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "redis/stop.sh: unknown argument '$arg' (only --wipe)" >&2; exit 2 ;;
  esac
done

is_our_redis() { # guards against a recycled pid
  kill -0 "$1" 2>/dev/null && grep -qa redis-server "/proc/$1/cmdline" 2>/dev/null
}

pid=""
[[ -f "$PID_FILE" ]] && pid="$(cat "$PID_FILE")"

if [[ -n "$pid" ]] && is_our_redis "$pid"; then
  kill -TERM "$pid"   # redis saves the dump (if configured) and exits
  for _ in $(seq $((STOP_TIMEOUT * 10))); do
    is_our_redis "$pid" || break
    sleep 0.1
  done
  if is_our_redis "$pid"; then
    echo "redis (pid $pid) still running after ${STOP_TIMEOUT}s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  echo "redis (pid $pid) stopped"
else
  echo "no redis started by infra/redis/start.sh is running (pid file $PID_FILE)"
fi
rm -f "$PID_FILE"

if (( wipe )) && [[ -d "$DATA" ]]; then
  # Only the default dir or one that holds our log: never an arbitrary path.
  if [[ "$DATA" == "$HERE/.data" || -f "$DATA/redis.log" ]]; then
    rm -rf "$DATA"
    echo "wiped $DATA"
  else
    echo "redis/stop.sh: $DATA does not look like a start.sh data dir; not wiping" >&2
    exit 1
  fi
fi
