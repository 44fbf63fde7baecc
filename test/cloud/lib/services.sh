# shellcheck shell=bash
# The one table of services: name and how to tell that it answers. `up` waits on it,
# `status` reports it, `down` stops it in reverse dependency order.
SERVICES=(
  "keystone        http://$HOST:5000/v3"
  "glance          http://$HOST:9292/versions"
  "swift-account   http://$HOST:6202/healthcheck"
  "swift-container http://$HOST:6201/healthcheck"
  "swift-object    http://$HOST:6200/healthcheck"
  "swift-proxy     http://$HOST:8080/healthcheck"
  "epmd            tcp:4369"
  "rabbitmq        tcp:5672"
  "neutron         http://$HOST:9696/"
  "placement       http://$HOST:8778/"
  "nova-api        http://$HOST:8774/"
  "nova-conductor  pid"
  "nova-scheduler  pid"
  "nova-compute    pid"
  "region-two      http://$HOST:19292/versions"
)

# Stop order: nova first (conductor/scheduler hang 60 s in graceful shutdown without
# rabbitmq), the APIs next, the message bus last.
STOP_ORDER=(
  "nova-compute nova-scheduler nova-conductor nova-api"
  "region-two placement neutron glance swift-proxy swift-object swift-container swift-account keystone"
  "rabbitmq"
  "epmd"
)

service_check() {
  local entry
  for entry in "${SERVICES[@]}"; do
    read -r n c <<<"$entry"
    [ "$n" = "$1" ] && { echo "$c"; return 0; }
  done
  return 1
}
