#!/usr/bin/env bash
# Installs (when missing) and starts the servers that the store tests use, on loopback only:
# PostgreSQL on 127.0.0.1:55432 (trust authentication, user postgres) and the redis-server binary
# (the Redis tests start and stop their own redis-server processes on free ports).
# Source it to get the environment the tests read:  source .ci/services.sh
set -euo pipefail

need_install=()
command -v redis-server >/dev/null 2>&1 || need_install+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_install+=(postgresql)
if [ ${#need_install[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "services: ${need_install[*]} missing; install them (apt-get install ${need_install[*]})" >&2
		return 1 2>/dev/null || exit 1
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_install[@]}" >/dev/null
fi

# Debian may start a packaged Redis on 6379; the tests do not use it.
export TOKEN_STARTER_TEST_REDIS_SERVER="$(command -v redis-server)"

PG_PORT="${TOKEN_STARTER_TEST_POSTGRES_PORT:-55432}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
PG_DATA="${TOKEN_STARTER_TEST_POSTGRES_DATA:-/tmp/token-starter-pg}"
if ! "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; then
	rm -rf "$PG_DATA"
	mkdir -p "$PG_DATA"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres:postgres "$PG_DATA"
		as_pg=(runuser -u postgres --)
	else
		as_pg=()
	fi
	"${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres >/dev/null
	"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
		-o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
fi
export TOKEN_STARTER_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
export TOKEN_STARTER_TEST_POSTGRES_USER=postgres
echo "services: PostgreSQL at $TOKEN_STARTER_TEST_POSTGRES_URL, redis-server at $TOKEN_STARTER_TEST_REDIS_SERVER"
