#!/bin/bash
# ensure-command.sh COMMAND PACKAGE: installs the Debian package when the command is missing, for
# tests that need a tool at test time (qemu-img from qemu-utils for the loopback image mirror,
# gpg for its test signing key). Needs root on Debian, as the test cloud's installer does
# (test/cloud/lib/install.sh); elsewhere it says what to install.
set -euo pipefail
command=$1 package=$2
command -v "$command" >/dev/null && exit 0
if ! { [ -f /etc/debian_version ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; }; then
  echo "$command is missing: install the $package package and run the tests again" >&2
  exit 1
fi
apt=(apt-get -q -o DPkg::Lock::Timeout=900 -o Acquire::Lock::Timeout=900)
DEBIAN_FRONTEND=noninteractive "${apt[@]}" update >&2 || echo "apt-get update failed; trying with the lists we have" >&2
DEBIAN_FRONTEND=noninteractive "${apt[@]}" -y --no-install-recommends install "$package" >&2
command -v "$command" >/dev/null
