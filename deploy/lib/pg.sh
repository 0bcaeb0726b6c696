# shellcheck shell=bash
# PostgreSQL for ./murmur: check that a server is reachable and create the murmur role and database.
# ./murmur never starts or stops PostgreSQL itself.
#
#   MURMUR_PG_HOST        default 127.0.0.1
#   MURMUR_PG_PORT        default 5432
#   MURMUR_PG_ADMIN_USER  default postgres (a superuser, or a role that may create roles and databases;
#                         its password, if the server asks for one, comes from PGPASSWORD or ~/.pgpass)
#   MURMUR_PG_DATABASE    default murmur (another name lets a second checkout run beside this one)

MURMUR_PG_HOST="${MURMUR_PG_HOST:-127.0.0.1}"
MURMUR_PG_PORT="${MURMUR_PG_PORT:-5432}"
MURMUR_PG_ADMIN_USER="${MURMUR_PG_ADMIN_USER:-postgres}"
MURMUR_PG_DB="${MURMUR_PG_DATABASE:-murmur}"
MURMUR_PG_USER=murmur
MURMUR_PG_PASSWORD=murmur

murmur_pg_hint() {
  cat >&2 <<EOF
murmur: error: PostgreSQL is not reachable at $MURMUR_PG_HOST:$MURMUR_PG_PORT.
murmur:   Start it, e.g. on Debian/Ubuntu:  pg_ctlcluster 15 main start   (or: systemctl start postgresql)
murmur:   or point ./murmur at another server:  MURMUR_PG_HOST=... MURMUR_PG_PORT=... ./murmur ...
murmur:   (no server installed? Debian/Ubuntu: apt install postgresql)
EOF
}

# murmur_pg_reachable: true when the server accepts connections.
murmur_pg_reachable() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$MURMUR_PG_HOST" -p "$MURMUR_PG_PORT" -t 5
  else
    (: <"/dev/tcp/$MURMUR_PG_HOST/$MURMUR_PG_PORT") 2>/dev/null
  fi
}

# murmur_pg_require: fail with instructions when PostgreSQL is not reachable.
murmur_pg_require() {
  if ! murmur_pg_reachable; then
    murmur_pg_hint
    return 1
  fi
  murmur_say "PostgreSQL is up at $MURMUR_PG_HOST:$MURMUR_PG_PORT"
}

murmur_pg_admin_psql() {
  psql -X -q -w -v ON_ERROR_STOP=1 -h "$MURMUR_PG_HOST" -p "$MURMUR_PG_PORT" -U "$MURMUR_PG_ADMIN_USER" -d postgres "$@"
}

murmur_pg_ensure_db_steps() {
  local has_role has_db
  echo "# $(date -u +%FT%TZ) ensuring role $MURMUR_PG_USER and database $MURMUR_PG_DB on $MURMUR_PG_HOST:$MURMUR_PG_PORT as $MURMUR_PG_ADMIN_USER"
  has_role=$(murmur_pg_admin_psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$MURMUR_PG_USER'") || return 1
  if [ "$has_role" != 1 ]; then
    echo "creating role $MURMUR_PG_USER"
    murmur_pg_admin_psql -c "CREATE ROLE $MURMUR_PG_USER LOGIN PASSWORD '$MURMUR_PG_PASSWORD'" || return 1
  else
    echo "role $MURMUR_PG_USER exists"
  fi
  has_db=$(murmur_pg_admin_psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$MURMUR_PG_DB'") || return 1
  if [ "$has_db" != 1 ]; then
    echo "creating database $MURMUR_PG_DB"
    murmur_pg_admin_psql -c "CREATE DATABASE $MURMUR_PG_DB OWNER $MURMUR_PG_USER" || return 1
  else
    echo "database $MURMUR_PG_DB exists"
  fi
}

# murmur_pg_ensure_db: create role murmur (login, password murmur) and database murmur owned by it,
# when missing. Idempotent. Output goes to .murmur/logs/postgres-setup.log.
murmur_pg_ensure_db() {
  local log
  case $MURMUR_PG_DB in
    '' | [!a-z_]* | *[!a-z0-9_]*)
      murmur_err "database name '$MURMUR_PG_DB' must be lower-case letters, digits and _"
      return 1
      ;;
  esac
  log=$(murmur_new_log postgres-setup)
  if ! command -v psql >/dev/null 2>&1; then
    murmur_err "psql not found; install the PostgreSQL client (Debian/Ubuntu: apt install postgresql-client)"
    return 1
  fi
  murmur_pg_ensure_db_steps >>"$log" 2>&1 || {
    murmur_err "could not create the $MURMUR_PG_USER role/database as '$MURMUR_PG_ADMIN_USER' (set MURMUR_PG_ADMIN_USER / PGPASSWORD?)"
    murmur_tail "$log" 20
    return 1
  }
  murmur_say "database $MURMUR_PG_DB (owner $MURMUR_PG_USER) ready (log: ${log#"$MURMUR_ROOT"/})"
}

# murmur_pg_drop_db: drop database murmur (for ./murmur reset --db).
murmur_pg_drop_db() {
  murmur_pg_admin_psql -c "DROP DATABASE IF EXISTS $MURMUR_PG_DB WITH (FORCE)"
}

murmur_pg_jdbc_url() {
  printf 'jdbc:postgresql://%s:%s/%s\n' "$MURMUR_PG_HOST" "$MURMUR_PG_PORT" "$MURMUR_PG_DB"
}
