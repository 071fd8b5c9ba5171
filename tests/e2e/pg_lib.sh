# pg_lib.sh — a PostgreSQL 15 of the test's own for the province's scripts:
# initdb on a temporary folder, pg_ctl start listening on a Unix socket in
# that folder only (listen_addresses=''), trust on the socket, stopped and
# removed at exit. Source after lib.sh (and county_lib.sh when used).
# Gives: PGBIN, PGT (the folder), PGDATA_DIR, PG_URL (a database named
# province, as the superuser doorstep), pg_start, pg_stop, psql_q SQL.
#
# initdb refuses to run as root: then the server runs as the postgres
# user, in a folder of its own outside $T (which is 0700 and root's).

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGT=""
PG_STARTED=""

# as_pg CMD...: runs CMD as the server's user (postgres when we are root).
as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"
	else "$@"; fi
}

pg_stop() {
	if [ -n "$PG_STARTED" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m immediate -w stop > /dev/null 2>&1
		PG_STARTED=""
	fi
	[ -n "$PGT" ] && rm -rf "$PGT"
	PGT=""
}

# Stops the server before the folders go, whichever libraries are loaded.
trap 'pg_stop; command -v stop_server > /dev/null && stop_server; rm -rf "$T"' EXIT INT TERM

# pg_start: a fresh cluster and a database "province"; sets PG_URL.
pg_start() {
	[ -x "$PGBIN/initdb" ] || { echo "pg_lib: no $PGBIN/initdb (make deps installs postgresql-15)" >&2; return 1; }
	PGT=$(mktemp -d "${TMPDIR:-/tmp}/doorstep-pg.XXXXXX") || return 1
	PGDATA_DIR="$PGT/data"
	if [ "$(id -u)" = 0 ]; then chown postgres "$PGT"; fi
	as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U doorstep -A trust -E UTF8 --no-locale \
		> "$PGT/initdb.log" 2>&1 || { cat "$PGT/initdb.log" >&2; return 1; }
	as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGT/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$PGT' -c fsync=off -c max_connections=20" \
		start > /dev/null 2>&1 || { cat "$PGT/server.log" >&2; return 1; }
	PG_STARTED=1
	PG_URL="postgresql://doorstep@/province?host=$PGT"
	"$PGBIN/createdb" -h "$PGT" -U doorstep province || return 1
}

# psql_q SQL: the query's rows, unaligned, no headers.
psql_q() { "$PGBIN/psql" -X -q -A -t -h "$PGT" -U doorstep -d province -v ON_ERROR_STOP=1 -c "$1"; }
