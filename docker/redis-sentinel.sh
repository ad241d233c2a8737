#!/bin/sh
# One Redis Sentinel of docker-compose.yml's `ha` profile. Writes its configuration on the first
# start only: Sentinel rewrites the file with what it learns (above all, which server is the
# primary after a failover), which a restart must not forget.
#
#   SENTINEL_PORT           this sentinel's port (required)
#   REDIS_PASSWORD          the data servers' password (auth-pass), also this sentinel's own (requirepass)
#   REDIS_SENTINEL_NAME     the primary's name                       default overflow (the engine's default)
#   REDIS_PRIMARY_ADDRESS   the primary at first start               default 127.0.0.1
#   REDIS_PRIMARY_PORT                                               default 6379
#   REDIS_BIND_ADDRESS      address this sentinel listens on         default 127.0.0.1
#   SENTINEL_DOWN_AFTER_MS  silence before the primary counts as down default 1000 (Redis's own is 30 s,
#                           which alone would break the 30-second promise)
#   SENTINEL_CONF_DIR       where the file lives                     default /data
set -eu
if [ -z "${SENTINEL_PORT:-}" ] || [ -z "${REDIS_PASSWORD:-}" ]; then
  echo "SENTINEL_PORT and REDIS_PASSWORD must be set" >&2
  exit 2
fi
name="${REDIS_SENTINEL_NAME:-overflow}"
conf="${SENTINEL_CONF_DIR:-/data}/sentinel-${SENTINEL_PORT}.conf"
if [ ! -s "$conf" ]; then
  # Quorum 2 of 3: two sentinels must agree that the primary is down before one fails it over.
  cat > "$conf" <<CONF
port ${SENTINEL_PORT}
bind ${REDIS_BIND_ADDRESS:-127.0.0.1}
requirepass ${REDIS_PASSWORD}
sentinel monitor ${name} ${REDIS_PRIMARY_ADDRESS:-127.0.0.1} ${REDIS_PRIMARY_PORT:-6379} 2
sentinel auth-pass ${name} ${REDIS_PASSWORD}
sentinel down-after-milliseconds ${name} ${SENTINEL_DOWN_AFTER_MS:-1000}
sentinel failover-timeout ${name} 10000
sentinel parallel-syncs ${name} 1
CONF
fi
exec redis-server "$conf" --sentinel
