#!/usr/bin/env bash
# A throw-away PostgreSQL server on 127.0.0.1 for pim's PostgreSQL test suite (docs/postgres.md).
#
#   scripts/pg-server.sh start [DIR]   initialise DIR (default: a new temporary directory), start
#                                      a server in it and print the line to export:
#                                        PIM_TEST_DB=postgres://pim@127.0.0.1:PORT/postgres
#   scripts/pg-server.sh stop DIR      stop that server and remove DIR
#   scripts/pg-server.sh halt DIR      stop that server and keep DIR (a database that is down)
#   scripts/pg-server.sh resume DIR    start a halted server again, as it was
#
# The server trusts connections from 127.0.0.1 only and keeps its socket inside DIR. PostgreSQL
# refuses to run as root, so under root the data directory belongs to the `postgres` user and the
# server runs as that user. PIM_PG_INSTALL=1 installs Debian's postgresql package when no server
# binaries are found (CI sets it); otherwise a missing server is an error.
#
# PIM_PG_DURABLE=1 keeps PostgreSQL's durability settings (fsync, synchronous commit, full page
# writes), as a real server has them: for benchmarks. Without it they are off, for speed.
#
# PIM_PG_OPTS="-c name=value …" passes more settings to the server (a benchmark's
# shared_preload_libraries=pg_stat_statements).
#
# PIM_PG_SSL_DIR=DIR (a directory with server.crt and server.key) starts the server with TLS and
# accepts TCP connections over TLS only (the tests of `sslmode=require` and `verify-full`).
set -euo pipefail

find_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    if [[ -x "$d/initdb" && -x "$d/postgres" ]]; then echo "$d"; return 0; fi
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$d/initdb" && -x "$d/postgres" ]]; then echo "$d"; return 0; fi
  done
  return 1
}

as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  local p
  for p in $(seq "${PIM_PG_PORT:-54329}" 54999); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "pg-server: no free port on 127.0.0.1" >&2
  return 1
}

start() {
  local dir=${1:-}
  local bin
  if ! bin=$(find_bindir); then
    if [[ "${PIM_PG_INSTALL:-0}" == 1 ]]; then
      echo "pg-server: installing postgresql from Debian's packages" >&2
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
      bin=$(find_bindir) || { echo "pg-server: postgresql installed but no server binaries found" >&2; exit 1; }
    else
      echo "pg-server: no PostgreSQL server binaries (initdb, postgres) found; install the postgresql package" >&2
      exit 1
    fi
  fi
  if [[ -z "$dir" ]]; then dir=$(mktemp -d /tmp/pim-pg.XXXXXX); fi
  mkdir -p "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" --shell /usr/sbin/nologin postgres
    chown postgres "$dir"
  fi
  chmod 700 "$dir"
  local port
  port=$(free_port)
  as_server_user "$bin/initdb" -D "$dir/data" -U pim --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  local tls=""
  if [[ -n "${PIM_PG_SSL_DIR:-}" ]]; then
    cp "$PIM_PG_SSL_DIR/server.crt" "$PIM_PG_SSL_DIR/server.key" "$dir/data/"
    chmod 600 "$dir/data/server.key"
    printf 'local all all trust\nhostssl all all 127.0.0.1/32 trust\n' >"$dir/data/pg_hba.conf"
    if [[ $(id -u) -eq 0 ]]; then
      chown postgres "$dir/data/server.crt" "$dir/data/server.key" "$dir/data/pg_hba.conf"
    fi
    tls="-c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key"
  fi
  # Tests make a database per test: allow many connections, and spare the disk (a throw-away
  # server needs no durability).
  local fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if [[ "${PIM_PG_DURABLE:-0}" == 1 ]]; then fast=""; fi
  as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=400 $fast $tls ${PIM_PG_OPTS:-}" \
    start >&2 || { cat "$dir/server.log" >&2; exit 1; }
  echo "$port" >"$dir/port"
  echo "PIM_TEST_DB=postgres://pim@127.0.0.1:$port/postgres"
  echo "pg-server: running in $dir (stop with: scripts/pg-server.sh stop $dir)" >&2
}

stop() {
  local dir=${1:?usage: pg-server.sh stop DIR}
  local bin
  bin=$(find_bindir)
  if [[ -d "$dir/data" ]]; then
    as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
}

halt() {
  local dir=${1:?usage: pg-server.sh halt DIR}
  as_server_user "$(find_bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >&2
}

resume() {
  local dir=${1:?usage: pg-server.sh resume DIR}
  # `restart` starts a stopped server with the options it last ran with (postmaster.opts).
  as_server_user "$(find_bindir)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 restart >&2
}

case "${1:-start}" in
  start) shift || true; start "${1:-}" ;;
  stop) shift; stop "${1:-}" ;;
  halt) shift; halt "${1:-}" ;;
  resume) shift; resume "${1:-}" ;;
  *) echo "usage: pg-server.sh start [DIR] | stop DIR | halt DIR | resume DIR" >&2; exit 2 ;;
esac
