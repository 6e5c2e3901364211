# A throwaway PostgreSQL cluster for tests: unix socket only (no TCP port to
# collide with), no fsync, removed at the end. Source this file, then call
# start_throwaway_postgres; it exports PGHOST and PGUSER.

pg_bin=/usr/lib/postgresql/15/bin

start_throwaway_postgres() {
  if [ ! -x "$pg_bin/initdb" ]; then
    echo "postgres: $pg_bin/initdb is missing; run scripts/bootstrap" >&2
    return 1
  fi
  CHORUS_PG_DIR=$(mktemp -d /tmp/chorus-pg.XXXXXX)
  chmod 755 "$CHORUS_PG_DIR"
  local as_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$CHORUS_PG_DIR"
    as_pg=(runuser -u postgres --)
  fi
  "${as_pg[@]}" "$pg_bin/initdb" -D "$CHORUS_PG_DIR/data" -A trust -U postgres -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$CHORUS_PG_DIR/initdb.log" 2>&1 ||
    { cat "$CHORUS_PG_DIR/initdb.log" >&2; return 1; }
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$CHORUS_PG_DIR/data" -l "$CHORUS_PG_DIR/server.log" -w \
    -o "-k $CHORUS_PG_DIR -c listen_addresses='' -c fsync=off -c max_connections=200" start >/dev/null ||
    { cat "$CHORUS_PG_DIR/server.log" >&2; return 1; }
  export PGHOST=$CHORUS_PG_DIR PGUSER=postgres
  export CHORUS_PG_DIR
  echo "postgres: throwaway cluster on $CHORUS_PG_DIR"
}

stop_throwaway_postgres() {
  [ -n "${CHORUS_PG_DIR:-}" ] || return 0
  local as_pg=()
  [ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$CHORUS_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$CHORUS_PG_DIR"
}
