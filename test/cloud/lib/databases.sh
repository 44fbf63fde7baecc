# shellcheck shell=bash
# One-time database and ring creation. keystone's runs first (everything else needs
# it); the others run in the background while keystone starts and is seeded.

# sqlite in WAL mode: readers no longer block the writer ("database is locked")
use_wal() {
  local db
  for db in "$@"; do
    [ -f "$STATE/db/$db.sqlite" ] || continue
    $PY -c 'import sqlite3, sys
assert sqlite3.connect(sys.argv[1]).execute("pragma journal_mode=wal").fetchone()[0] == "wal"' "$STATE/db/$db.sqlite"
  done
}

create_keystone_db() {
  done_once keystone-db && return 0
  log "keystone: db_sync, fernet keys, bootstrap"
  local km=(keystone-manage --config-file "$STATE/etc/keystone/keystone.conf")
  local url=http://$HOST:5000/v3
  {
    "${km[@]}" db_sync &&
    "${km[@]}" fernet_setup --keystone-user root --keystone-group root &&
    "${km[@]}" credential_setup --keystone-user root --keystone-group root &&
    "${km[@]}" bootstrap --bootstrap-password "$ADMIN_PASSWORD" \
      --bootstrap-username admin --bootstrap-project-name admin --bootstrap-role-name admin \
      --bootstrap-service-name keystone --bootstrap-region-id RegionOne \
      --bootstrap-admin-url "$url" --bootstrap-public-url "$url" --bootstrap-internal-url "$url"
  } >>"$STATE/log/setup-keystone.log" 2>&1 || { tail -30 "$STATE/log/setup-keystone.log" >&2; die "keystone database setup failed"; }
  use_wal keystone
  mark_done keystone-db
}

BACKGROUND=()
in_background() {  # in_background NAME CMD...: output to log/setup-NAME.log
  local name=$1; shift
  ( "$@" ) >>"$STATE/log/setup-$name.log" 2>&1 &
  BACKGROUND+=("$!:$name")
}
# an interrupted `up` must not leave database jobs running behind it
stop_background() {
  local entry
  for entry in "${BACKGROUND[@]}"; do kill "${entry%%:*}" 2>/dev/null; done
  return 0
}
wait_background() {
  local entry
  for entry in "${BACKGROUND[@]}"; do
    wait "${entry%%:*}" || { tail -30 "$STATE/log/setup-${entry#*:}.log" >&2; die "${entry#*:} setup failed"; }
  done
  BACKGROUND=()
}

create_swift_rings() {
  local s name port
  cd "$STATE/etc/swift" || return 1
  for s in account:6202 container:6201 object:6200; do
    name=${s%%:*} port=${s##*:}
    swift-ring-builder "$name.builder" create 8 1 1 &&
    swift-ring-builder "$name.builder" add "r1z1-$HOST:$port/d1" 100 &&
    swift-ring-builder "$name.builder" rebalance || return 1
  done
}

# neutron's alembic migrations cannot ALTER constraints on sqlite: build the schema
# from the models (as neutron's own unit tests do), then stamp the alembic heads.
create_neutron_db() {
  rm -f "$STATE/db/neutron.sqlite"
  $PY - "$STATE/db/neutron.sqlite" <<'PY' &&
import sys
import sqlalchemy
from neutron.db.migration.models import head
engine = sqlalchemy.create_engine("sqlite:///" + sys.argv[1])
head.get_metadata().create_all(engine)
PY
  neutron-db-manage --config-file "$STATE/etc/neutron/neutron.conf" stamp heads
}

create_nova_dbs() {
  local nc=(--config-file "$STATE/etc/nova/nova.conf")
  nova-manage "${nc[@]}" api_db sync &&
  nova-manage "${nc[@]}" cell_v2 map_cell0 --database_connection "sqlite:///$STATE/db/nova_cell0.sqlite?timeout=30" &&
  local cells
  cells=$(nova-manage "${nc[@]}" cell_v2 list_cells) &&
  { [[ $cells == *" cell1 "* ]] || nova-manage "${nc[@]}" cell_v2 create_cell --name cell1 --verbose; } &&
  nova-manage "${nc[@]}" db sync
}

start_other_databases() {
  done_once glance-db || in_background glance glance-manage --config-file "$STATE/etc/glance/glance-api.conf" db_sync
  [ -f "$STATE/etc/swift/object.ring.gz" ] || in_background swift-rings create_swift_rings
  done_once neutron-db || in_background neutron create_neutron_db
  done_once placement-db || in_background placement placement-manage --config-file "$STATE/etc/placement/placement.conf" db sync
  done_once nova-db || in_background nova create_nova_dbs
}

finish_other_databases() {
  wait_background
  use_wal glance neutron placement nova_api nova_cell0 nova
  local d
  for d in glance neutron placement nova; do mark_done "$d-db"; done
}
