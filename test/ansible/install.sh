#!/usr/bin/env bash
# Installs the Ansible the `ansible` test stage runs: a debootstrap'ed Debian 13 (trixie) minbase
# root holding Debian's `ansible` (openstack.cloud 2.x) and `python3-openstacksdk`, cached outside
# the repository and used only through `chroot ROOT ansible-playbook`. Why a trixie root: Debian 12's
# ansible carries openstack.cloud 1.10, which refuses Debian 12's openstacksdk 0.101 (it wants
# < 0.99), and only npm and Debian's mirror are reachable (see test/README).
# Idempotent: a stamp file written last marks a finished root; an unfinished one is rebuilt.
# Needs root (debootstrap, chroot); about 2 min and 830 MB the first time.
#
#   bash test/ansible/install.sh          # prints the root folder last
#
# env: OPENSTACK_CLOUDS_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/openstack-clouds),
#      ANSIBLE_SUITE (trixie), DEBIAN_MIRROR (default: the host's apt mirror)
set -euo pipefail

SUITE="${ANSIBLE_SUITE:-trixie}"
CACHE="${OPENSTACK_CLOUDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openstack-clouds}"
ROOT="$CACHE/ansible-root/$SUITE"
STAMP="$ROOT/.openstack-clouds-installed"
PACKAGES=(ansible python3-openstacksdk)
log() { echo "ansible-root: $*" >&2; }

if [ -f "$STAMP" ] && [ -x "$ROOT/usr/bin/ansible-playbook" ]; then
  log "already installed ($(tr '\n' ' ' < "$STAMP"))"
  echo "$ROOT"
  exit 0
fi
[ "$(id -u)" = 0 ] || { log "need root for debootstrap and chroot"; exit 1; }

# One install at a time: a second caller waits, then finds the stamp.
mkdir -p "$CACHE/ansible-root"
exec 9>"$CACHE/ansible-root/.lock"
flock 9
if [ -f "$STAMP" ]; then echo "$ROOT"; exit 0; fi

# The Debian mirror the host's apt uses (deb822 .sources or one-line .list), so CI and a proxy setup
# keep working; the first http(s) URI ending in /debian.
host_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list; do
    [ -f "$f" ] || continue
    sed -n -e 's/^URIs:[[:space:]]*//p' -e 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?//p' "$f" \
      | tr ' ' '\n' | grep -E '^https?://.*/debian/?$' | head -1
  done | head -1
}
MIRROR="${DEBIAN_MIRROR:-$(host_mirror)}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"

if ! command -v debootstrap >/dev/null; then
  log "apt-get install debootstrap"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=900 update -q >&2
  apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends debootstrap >&2
fi

T0=$(date +%s)
INSTALL_LOG="$CACHE/ansible-root/install-$SUITE.log"
rm -rf "$ROOT"
log "debootstrap --variant=minbase $SUITE from $MIRROR (about 45 s; log: $INSTALL_LOG)"
if ! debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" > "$INSTALL_LOG" 2>&1; then
  tail -20 "$INSTALL_LOG" >&2; log "debootstrap failed (log: $INSTALL_LOG)"; exit 1
fi
log "apt-get install ${PACKAGES[*]} in the root (about 75 s)"
in_root() { chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }
if ! { in_root apt-get update -q && in_root apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" \
       && in_root apt-get clean; } >> "$INSTALL_LOG" 2>&1; then
  tail -20 "$INSTALL_LOG" >&2; log "apt-get install in the root failed (log: $INSTALL_LOG)"; exit 1
fi
mkdir -p "$ROOT/etc/openstack" "$ROOT/work"
VERSIONS="ansible-core $(in_root python3 -c 'import ansible.release as r; print(r.__version__)')
openstacksdk $(in_root python3 -c 'import openstack.version as v; print(v.__version__)')
openstack.cloud $(in_root python3 -c 'import json; print(json.load(open("/usr/lib/python3/dist-packages/ansible_collections/openstack/cloud/MANIFEST.json"))["collection_info"]["version"])')"
echo "$VERSIONS" > "$STAMP"
log "installed in $(( $(date +%s) - T0 )) s, $(du -sh "$ROOT" | cut -f1): $(tr '\n' ' ' < "$STAMP")"
echo "$ROOT"
