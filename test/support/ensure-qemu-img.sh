#!/bin/bash
# Installs qemu-img (Debian package qemu-utils) when it is missing: the loopback image mirror
# (test/support/imageMirror.ts) makes its tiny qcow2 images with it at test time. Needs root on
# Debian, as the test cloud's installer does (test/cloud/lib/install.sh).
set -euo pipefail
command -v qemu-img >/dev/null && exit 0
if ! { [ -f /etc/debian_version ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; }; then
  echo "qemu-img is missing: install the qemu-utils package (apt-get install qemu-utils) and run the tests again" >&2
  exit 1
fi
apt=(apt-get -q -o DPkg::Lock::Timeout=900 -o Acquire::Lock::Timeout=900)
DEBIAN_FRONTEND=noninteractive "${apt[@]}" update >&2 || echo "apt-get update failed; trying with the lists we have" >&2
DEBIAN_FRONTEND=noninteractive "${apt[@]}" -y --no-install-recommends install qemu-utils >&2
command -v qemu-img >/dev/null
