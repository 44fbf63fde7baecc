# shellcheck shell=bash
# Debian packages of the test cloud (Debian 12: OpenStack Zed), installed only when missing.
PACKAGES=(
  curl procps gettext-base qemu-utils
  python3-openstackclient python3-openstacksdk python3-swiftclient
  uwsgi uwsgi-plugin-python3
  keystone glance-api
  swift swift-proxy swift-account swift-container swift-object
  rabbitmq-server neutron-server
  placement-api nova-api nova-conductor nova-scheduler
)

require_root_on_debian() {
  { [ -f /etc/debian_version ] && command -v apt-get >/dev/null; } ||
    die "the test cloud needs Debian 12 (apt-get and Debian's OpenStack packages); this machine is not Debian"
  [ "$(id -u)" = 0 ] ||
    die "the test cloud must be started as root (it installs apt packages and runs services under $STATE)"
}

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
  done
}

install_missing_packages() {
  local missing t0 made_policy=0
  t0=$(date +%s)
  mapfile -t missing < <(missing_packages)
  if [ ${#missing[@]} -eq 0 ]; then log "packages present"; return 0; fi
  log "installing ${#missing[@]} packages: ${missing[*]}"
  # Maintainer scripts must not start the distribution's daemons (we run our own).
  # Another policy-rc.d may already exist (it does on some images): keep it as it is.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  local apt=(apt-get -q -o DPkg::Lock::Timeout=900 -o Acquire::Lock::Timeout=900)
  local rc=0
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" update || rc=$?
  [ $rc = 0 ] || log "apt-get update failed ($rc); trying the install with the lists we have"
  rc=0
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" -y --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    install "${missing[@]}" || rc=$?
  [ $made_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  [ $rc = 0 ] || die "apt-get install failed ($rc)"
  log "packages installed in $(elapsed "$t0")s"
}
