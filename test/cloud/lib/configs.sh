# shellcheck shell=bash
# Renders test/cloud/templates/ into $STATE/etc/. Only the variables named here are
# substituted, so "%(project_id)s" and other dollar-free text pass through untouched.
# Nothing under /etc is written; from /etc only the stock api-paste files are read.

# render TEMPLATE DEST [VAR=value...]
render() {
  local template=$CLOUD_DIR/templates/$1 dest=$2; shift 2
  mkdir -p "$(dirname "$dest")"
  # shellcheck disable=SC2016 # envsubst takes the literal names of the variables to replace
  env STATE="$STATE" HOST="$HOST" SERVICE_PASSWORD="$SERVICE_PASSWORD" TRANSPORT_URL="$TRANSPORT_URL" "$@" \
    envsubst '${STATE} ${HOST} ${SERVICE_PASSWORD} ${TRANSPORT_URL} ${SWIFT_SERVER} ${SWIFT_PORT}' \
    <"$template" >"$dest.tmp"
  mv "$dest.tmp" "$dest"
}

write_configs() {
  mkdir -p "$STATE"/{etc,log,run,db,admin} "$STATE"/lib/{keystone,nova/instances,nova/lock,neutron/lock,rabbitmq/mnesia} \
    "$STATE"/lib/glance/{images,staging,tasks,work,lock} "$STATE"/lib/swift/{node/d1,cache}
  chmod 700 "$STATE/admin"
  render keystone.conf "$STATE/etc/keystone/keystone.conf"
  render glance-api.conf "$STATE/etc/glance/glance-api.conf"
  render glance-policy.yaml "$STATE/etc/glance/policy.yaml"
  render swift/swift.conf "$STATE/etc/swift/swift.conf"
  render swift/proxy-server.conf "$STATE/etc/swift/proxy-server.conf"
  local s
  for s in account:6202 container:6201 object:6200; do
    render swift/storage-server.conf "$STATE/etc/swift/${s%%:*}-server.conf" SWIFT_SERVER="${s%%:*}" SWIFT_PORT="${s##*:}"
  done
  render neutron.conf "$STATE/etc/neutron/neutron.conf"
  render placement.conf "$STATE/etc/placement/placement.conf"
  render nova.conf "$STATE/etc/nova/nova.conf"
  # neutron loads the bindall driver through its stevedore entry point (dist-info)
  rm -rf "$STATE/lib/neutron-plugins"
  cp -r "$CLOUD_DIR/python/neutron_bindall" "$STATE/lib/neutron-plugins"
}
