#!/usr/bin/env bash
# Make sure a Redis answers at REDIS_URL.
#
#  1. If REDIS_URL already answers PING: do nothing.
#  2. Otherwise (local host only): install redis-server with apt if missing
#     (root only), start it daemonized on REDIS_URL's port with its pid file,
#     log and dump in $REDIS_DATA_DIR, and wait until PING answers.
#
# Env:
#   REDIS_URL             redis://[[user]:password@]host[:port][/db]  (default redis://127.0.0.1:6379)
#   REDIS_DATA_DIR        pid file, log, dump.rdb    (default infra/redis/.data)
#   REDIS_READY_TIMEOUT   seconds to wait for PING   (default 30)
#   REDIS_CLI             redis-cli to use; "none" forces the bash /dev/tcp probe
set -euo pipefail

t0=$(date +%s%N)
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
REDIS_CLI="${REDIS_CLI:-redis-cli}"
DATA="${REDIS_DATA_DIR:-$HERE/.data}"
READY_TIMEOUT="${REDIS_READY_TIMEOUT:-30}"

# --- parse redis://[[user]:password@]host[:port][/db] (rediss:// and [ipv6] too) ---
rest="${REDIS_URL#*://}"
rest="${rest%%/*}"
user="" pass=""
if [[ "$rest" == *@* ]]; then
  auth="${rest%@*}"
  rest="${rest##*@}"
  if [[ "$auth" == *:* ]]; then user="${auth%%:*}"; pass="${auth#*:}"; else pass="$auth"; fi
fi
if [[ "$rest" == \[* ]]; then              # [::1]:6379
  host="${rest#[}"; host="${host%%]*}"
  port="${rest##*]}"; port="${port#:}"
elif [[ "$rest" == *:* ]]; then
  host="${rest%:*}"; port="${rest##*:}"
else
  host="$rest"; port=""
fi
host="${host:-127.0.0.1}"
port="${port:-6379}"

# --- PING ---------------------------------------------------------------------

redis_ping() { # true when REDIS_URL answers PING with PONG (after AUTH if the URL has a password)
  if [[ "$REDIS_CLI" != none ]] && command -v "$REDIS_CLI" >/dev/null; then
    # Not `redis-cli -u`: redis-cli 7.0 turns redis://:pass@host into AUTH "" pass,
    # which fails. The password goes in REDISCLI_AUTH, not on the command line.
    local cli=("$REDIS_CLI" -h "$host" -p "$port")
    [[ -n "$user" ]] && cli+=(--user "$user")
    [[ "$REDIS_URL" == rediss://* ]] && cli+=(--tls)
    [[ "$(REDISCLI_AUTH="$pass" timeout 3 "${cli[@]}" ping 2>/dev/null)" == PONG ]]
    return
  fi
  # No redis-cli: speak RESP over bash's /dev/tcp. Args after host and port are
  # the AUTH arguments (none, password, or user + password).
  local auth=()
  if [[ -n "$pass" ]]; then
    if [[ -n "$user" ]]; then auth=("$user" "$pass"); else auth=("$pass"); fi
  fi
  # shellcheck disable=SC2016  # the inner script expands its own variables
  timeout 3 bash -c '
    resp() { printf "*%d\r\n" $#; for a in "$@"; do printf "%s%d\r\n%s\r\n" "$" "${#a}" "$a"; done; }
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    shift 2
    if (( $# )); then
      resp AUTH "$@" >&3
      IFS= read -r -t 2 line <&3 && [[ "$line" == +OK* ]] || exit 1
    fi
    resp PING >&3
    IFS= read -r -t 2 line <&3 && [[ "$line" == +PONG* ]]
  ' _ "$host" "$port" "${auth[@]}" 2>/dev/null
}

elapsed() {
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  printf '%d.%d' $((ms / 1000)) $(((ms % 1000) / 100))
}

if redis_ping; then
  echo "redis already answering on $host:$port; nothing to do"
  exit 0
fi

if ! [[ "$host" == 127.* || "$host" == localhost || "$host" == ::1 ]]; then
  echo "redis/start.sh: $REDIS_URL does not answer PING, and $host is not this machine, so not starting one" >&2
  exit 1
fi

# --- install if missing -------------------------------------------------------

if ! command -v redis-server >/dev/null; then
  if [[ "$(id -u)" != 0 ]]; then
    echo "redis/start.sh: redis-server is not installed; run: sudo apt-get install -y redis-server" >&2
    exit 1
  fi
  echo "installing redis-server with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq redis-server >/dev/null
  # The Debian package may have started its own service on 6379 right away.
  if redis_ping; then
    echo "redis answering on $host:$port after install (the distro's service); nothing to start"
    exit 0
  fi
fi

# --- start --------------------------------------------------------------------

mkdir -p "$DATA"
DATA="$(cd "$DATA" && pwd)"
PID_FILE="$DATA/redis.pid"

args=(
  --port "$port"
  --bind "$host"
  --daemonize yes
  --pidfile "$PID_FILE"
  --dir "$DATA"            # dump.rdb lives here (default snapshotting kept)
  --logfile "$DATA/redis.log"
  --protected-mode no      # bound to loopback anyway
)
if [[ -n "$pass" ]]; then
  if [[ -n "$user" && "$user" != default ]]; then
    # A named ACL user with full access; the passwordless "default" user is disabled.
    # (redis-server turns each argv word into one config token: keep them separate.)
    args+=(--user "$user" on ">$pass" '~*' '&*' '+@all' --user default off)
  else
    args+=(--requirepass "$pass")
  fi
fi

# A redis this script started earlier but that does not answer: stale pid file
# (redis removes it on a clean shutdown), or a crashed/hung server.
if [[ -f "$PID_FILE" ]]; then
  old="$(cat "$PID_FILE")"
  if [[ -n "$old" ]] && kill -0 "$old" 2>/dev/null && grep -qa redis-server "/proc/$old/cmdline" 2>/dev/null; then
    echo "redis/start.sh: redis-server pid $old (from $PID_FILE) is alive but does not answer PING on $host:$port; see $DATA/redis.log" >&2
    exit 1
  fi
  rm -f "$PID_FILE"
fi

# --daemonize: redis forks into the background itself and writes the pid file.
redis-server "${args[@]}" </dev/null >>"$DATA/redis.log" 2>&1

deadline=$(( $(date +%s) + READY_TIMEOUT ))
until redis_ping; do
  if (( $(date +%s) >= deadline )); then
    echo "redis/start.sh: no PONG from $host:$port within ${READY_TIMEOUT}s; last log lines:" >&2
    tail -n 20 "$DATA/redis.log" >&2 || true
    exit 1
  fi
  sleep 0.1
done
echo "redis ready on $host:$port (pid $(cat "$PID_FILE" 2>/dev/null || echo '?')) in $(elapsed)s"
