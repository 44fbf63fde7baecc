# shellcheck shell=bash
# How each service is started. All bind 127.0.0.1; all state, logs and pids stay in $STATE.

# uwsgi serving a WSGI script over plain HTTP.
#  --threads 1: several threads per worker make keystone finalise sqlite connections
#    in another thread, then "database is locked" turns into HTTP 500.
#  "Connection: close": --http-socket closes after each response without saying so,
#    and keystoneauth would reuse the dead keep-alive connection (connection reset).
start_uwsgi() {
  local name=$1 port=$2 processes=$3 script=$4; shift 4
  start "$name" uwsgi --plugins python3 --http-socket "$HOST:$port" --wsgi-file "$script" \
    --master --processes "$processes" --threads 1 --lazy-apps --die-on-term \
    --buffer-size 65535 --add-header "Connection: close" --need-app "$@"
}

# The Python code that runs an eventlet service's MODULE.main() as NAME, with sqlite lock waits
# that yield to eventlet (test/cloud/python/cooperative_sqlite.py says why: without it two green
# threads writing at once freeze the process for the busy timeout, then fail "database is locked").
# A third argument `immediate`: every transaction takes the write lock as it begins (nova's).
eventlet_main() {
  local name=$1 module=$2 immediate=
  [ "${3:-}" = immediate ] && immediate=' cooperative_sqlite.begin_immediately();'
  echo "import sys; sys.path.insert(0, '$CLOUD_DIR/python'); import cooperative_sqlite;$immediate from $module import main; sys.argv[0] = '$name'; sys.exit(main())"
}

start_keystone() {
  start_uwsgi keystone 5000 2 /usr/bin/keystone-wsgi-public --env OS_KEYSTONE_CONFIG_DIR="$STATE/etc/keystone"
}

start_glance() {
  start glance $PY -c "$(eventlet_main glance-api glance.cmd.api)" --config-file "$STATE/etc/glance/glance-api.conf"
}

start_swift() {
  local s
  # -v logs to stdout: swift logs to syslog otherwise, and there is none
  for s in account container object proxy; do
    start "swift-$s" "swift-$s-server" "$STATE/etc/swift/$s-server.conf" -v
  done
}

# rabbitmq straight from /usr/lib/rabbitmq/bin: the /usr/sbin wrapper su's to the
# rabbitmq user and writes /var/log/rabbitmq. epmd runs in the foreground under our
# control; otherwise erl daemonises one that outlives `down`.
start_rabbitmq() {
  local r=$STATE/lib/rabbitmq
  mkdir -p "$STATE/log/rabbitmq"
  start epmd env ERL_EPMD_ADDRESS="$HOST" epmd -address "$HOST"
  wait_until_answers epmd tcp:4369 30
  start rabbitmq env HOME="$r" ERL_EPMD_ADDRESS="$HOST" RABBITMQ_NODENAME=openstack-test@localhost \
    RABBITMQ_NODE_IP_ADDRESS="$HOST" RABBITMQ_NODE_PORT=5672 RABBITMQ_DIST_PORT=25672 \
    RABBITMQ_MNESIA_BASE="$r/mnesia" RABBITMQ_LOG_BASE="$STATE/log/rabbitmq" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$r/enabled_plugins" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    /usr/lib/rabbitmq/bin/rabbitmq-server
}

start_neutron() {
  start neutron env PYTHONPATH="$STATE/lib/neutron-plugins" \
    $PY -c "$(eventlet_main neutron-server neutron.cmd.eventlet.server)" --config-file "$STATE/etc/neutron/neutron.conf"
}

start_nova() {
  local nc=(--config-file "$STATE/etc/nova/nova.conf")
  # one process: each placement worker syncs the trait table when it loads, and two
  # of them doing so at once on a fresh sqlite database fail with "database is locked"
  start_uwsgi placement 8778 1 /usr/bin/placement-api --env OS_PLACEMENT_CONFIG_DIR="$STATE/etc/placement"
  start nova-api $PY -c "$(eventlet_main nova-api nova.cmd.api immediate)" "${nc[@]}" --log-file "$STATE/log/nova-api.log"
  start nova-conductor $PY -c "$(eventlet_main nova-conductor nova.cmd.conductor immediate)" "${nc[@]}" --log-file "$STATE/log/nova-conductor.log"
  start nova-scheduler $PY -c "$(eventlet_main nova-scheduler nova.cmd.scheduler immediate)" "${nc[@]}" --log-file "$STATE/log/nova-scheduler.log"
  # the nova-compute .deb would pull in libvirt and qemu; python3-nova has the code
  start nova-compute "$PY" -c 'import sys; from nova.cmd.compute import main; sys.argv[0] = "nova-compute"; sys.exit(main())' \
    "${nc[@]}" --log-file "$STATE/log/nova-compute.log"
}

# RegionTwo's catalog entries point at these ports; the forwarder relays them to
# the same services, so the two regions share their resources (see README.md).
start_region_two() {
  # shellcheck disable=SC2086
  start region-two $PY "$CLOUD_DIR/python/region_forward.py" $REGION_TWO_PORTS
}

start_after_keystone() {
  start_glance
  start_swift
  start_rabbitmq
  start_neutron
  start_nova
  start_region_two
}
