#!/usr/bin/env bash
# Start (or stop) a throwaway PostgreSQL 15 cluster on a private socket dir and port.
# Usage: .ci/postgres.sh start DIR PORT   -> prints the SQLAlchemy URL
#        .ci/postgres.sh stop DIR
# initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` user.
set -euo pipefail
action=$1 dir=$2 port=${3:-55432}

as_pg() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

bin_dir() {
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  dirname "$(command -v initdb)"
}

case "$action" in
  start)
    bin=$(bin_dir)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
      start >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres career_prep_test
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/career_prep_test"
    ;;
  stop)
    bin=$(bin_dir)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2 ;;
esac
