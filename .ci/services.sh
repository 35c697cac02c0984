#!/usr/bin/env bash
# Optional: the tests and the fleet benchmark start their own PostgreSQL and redis-server from jars
# when the environment names none, and CI does not use this script. Source it to run them against
# Debian's servers instead: it installs them when missing (as root), starts PostgreSQL on
# 127.0.0.1:55432 (trust authentication, user postgres) and exports the variables the tests read,
# TOKEN_STARTER_TEST_POSTGRES_URL/_USER and TOKEN_STARTER_TEST_REDIS_SERVER (the Redis tests start and
# stop their own redis-server processes from that binary, on free ports).
#   source .ci/services.sh
# It changes no option of the shell that sources it.

token_starter_services() {
	local need_install=()
	command -v redis-server >/dev/null 2>&1 || need_install+=(redis-server)
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_install+=(postgresql)
	if [ ${#need_install[@]} -gt 0 ]; then
		if [ "$(id -u)" -ne 0 ]; then
			echo "services: ${need_install[*]} missing; install them (apt-get install ${need_install[*]})" >&2
			return 1
		fi
		apt-get update -qq || return 1
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_install[@]}" \
			>/dev/null || return 1
	fi

	export TOKEN_STARTER_TEST_REDIS_SERVER
	TOKEN_STARTER_TEST_REDIS_SERVER="$(command -v redis-server)"

	local pg_port="${TOKEN_STARTER_TEST_POSTGRES_PORT:-55432}"
	local pg_bin pg_data
	pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
	pg_data="${TOKEN_STARTER_TEST_POSTGRES_DATA:-/tmp/token-starter-pg}"
	if ! "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" 2>/dev/null; then
		local as_pg=()
		rm -rf "$pg_data" && mkdir -p "$pg_data" || return 1
		if [ "$(id -u)" -eq 0 ]; then
			chown postgres:postgres "$pg_data" || return 1
			as_pg=(runuser -u postgres --)
		fi
		"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_data" -A trust -U postgres >/dev/null || return 1
		"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w \
			-o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null || return 1
	fi
	export TOKEN_STARTER_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres"
	export TOKEN_STARTER_TEST_POSTGRES_USER=postgres
	echo "services: PostgreSQL at $TOKEN_STARTER_TEST_POSTGRES_URL, redis-server at $TOKEN_STARTER_TEST_REDIS_SERVER" >&2
}

token_starter_services
