#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the store tests and print its URL.
# Debian's postgresql package is installed first when missing (as root). Reruns reuse a
# running server. Stop it with: pg_ctl -D "$SPINSCOPE_PG_DIR/data" stop
set -euo pipefail
DIR="${SPINSCOPE_PG_DIR:-/tmp/spinscope-postgres}"
PORT="${SPINSCOPE_PG_PORT:-54329}"
URL="postgresql://spinscope@127.0.0.1:$PORT/postgres"
bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(bin_dir)" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends postgresql >/dev/null; } >&2
    else
        echo "PostgreSQL is not installed (Debian: apt-get install postgresql)" >&2
        exit 1
    fi
fi
BIN="$(bin_dir)"
if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
    echo "$URL"
    exit 0
fi
# the server refuses to run as root: run it as the postgres user the package made
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
rm -rf "$DIR"
mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres: "$DIR"
as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U spinscope -E UTF8 >/dev/null
as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" start >/dev/null
echo "$URL"
