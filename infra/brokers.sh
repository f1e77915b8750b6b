# Sourced by up.sh and test.sh: make sure Kafka and Redis answer, starting local ones only when
# none is configured or reachable, and remember what we started so it can be stopped.
#   KAFKA_BROKERS  an existing cluster (host:port,...): used as is, nothing is started
#   REDIS_URL      an existing Redis (default redis://127.0.0.1:6379)

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STARTED_KAFKA=0
STARTED_REDIS=0
STARTED_POSTGRES=0

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

ensure_brokers() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    echo "using the Kafka cluster at KAFKA_BROKERS=$KAFKA_BROKERS"
  elif port_open 127.0.0.1 "${KAFKA_PORT:-9092}"; then
    echo "using the Kafka broker already on 127.0.0.1:${KAFKA_PORT:-9092}"
  else
    bash "$INFRA_DIR/kafka/start.sh"
    STARTED_KAFKA=1
  fi
  local redis_url="${REDIS_URL:-redis://127.0.0.1:6379}"
  local hostport="${redis_url#*://}"; hostport="${hostport#*@}"; hostport="${hostport%%/*}"
  if port_open "${hostport%%:*}" "${hostport##*:}"; then
    echo "using the Redis at ${hostport}"
  else
    bash "$INFRA_DIR/redis/start.sh"
    STARTED_REDIS=1
  fi
  ensure_postgres
}

# The archive's PostgreSQL: DATABASE_URL when set, else the embedded one (infra/postgres) on
# 127.0.0.1:${PG_PORT:-54329}, started here unless one already answers there.
ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    echo "using the PostgreSQL at DATABASE_URL"
  elif port_open 127.0.0.1 "${PG_PORT:-54329}"; then
    echo "using the PostgreSQL already on 127.0.0.1:${PG_PORT:-54329}"
  else
    bash "$INFRA_DIR/postgres/start.sh" || return 1
    STARTED_POSTGRES=1
  fi
}

stop_started_brokers() {
  if [ "$STARTED_KAFKA" = 1 ]; then bash "$INFRA_DIR/kafka/stop.sh" || true; fi
  if [ "$STARTED_REDIS" = 1 ]; then bash "$INFRA_DIR/redis/stop.sh" || true; fi
  if [ "$STARTED_POSTGRES" = 1 ]; then bash "$INFRA_DIR/postgres/stop.sh" || true; fi
}

ensure_node_modules() {
  local root="$INFRA_DIR/.."
  if [ ! -x "$root/node_modules/.bin/tsx" ]; then
    echo "installing dependencies (npm ci)..."
    (cd "$root" && npm ci --no-audit --no-fund)
  fi
}
