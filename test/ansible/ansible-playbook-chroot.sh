#!/usr/bin/env bash
# `ansible-playbook` as if installed on this machine, for the extension-host test of Run Playbook
# (the vscode stage points openstackClouds.ansible.playbookPath here): runs the real one of the
# Debian 13 root that test/ansible/install.sh made ($OPENSTACK_TEST_ANSIBLE_ROOT), in a private
# mount namespace where the folders the run needs are bind-mounted at their own paths inside the
# root: the current folder (the playbook's), the folders of path arguments, of
# OS_CLIENT_CONFIG_FILE and of OS_CLIENT_SECURE_FILE. So `task path: FILE:LINE` names the host's
# file, and the mounts vanish with the process. The chroot shares the network, so the test cloud
# on 127.0.0.1 answers. Only ANSIBLE_*, OS_* and a few basics of the environment go in: the
# extension host's PYTHON*/LD_* would break the root's Python. Needs root (unshare, mount, chroot).
set -euo pipefail

ROOT="${OPENSTACK_TEST_ANSIBLE_ROOT:?OPENSTACK_TEST_ANSIBLE_ROOT must name the root test/ansible/install.sh printed}"
[ -x "$ROOT/usr/bin/ansible-playbook" ] || { echo "no ansible-playbook in $ROOT: run bash test/ansible/install.sh" >&2; exit 127; }
ROOT="$(cd "$ROOT" && pwd -P)"

dirs=("$PWD")
for a in "$@" "${OS_CLIENT_CONFIG_FILE:-}" "${OS_CLIENT_SECURE_FILE:-}"; do
  case "$a" in
    /*) if [ -d "$a" ]; then dirs+=("$a"); elif [ -e "$a" ]; then dirs+=("$(dirname "$a")"); fi ;;
  esac
done

envs=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8)
while IFS='=' read -r -d '' name value; do
  case "$name" in ANSIBLE_*|OS_*|PYTHONUNBUFFERED) envs+=("$name=$value") ;; esac
done < <(env -0)

# Inside the new mount namespace: bind each folder (never / or the root itself), then chroot.
# shellcheck disable=SC2016
exec unshare --mount --propagation private bash -c '
  set -euo pipefail
  root=$1; shift
  n=$1; shift
  for ((i = 0; i < n; i++)); do
    d=$(cd "$1" && pwd -P); shift
    case "$d" in /|"$root"|"$root"/*) continue ;; esac
    mkdir -p "$root$d"
    mount --bind "$d" "$root$d"
  done
  m=$1; shift
  envs=("${@:1:m}"); shift "$m"
  exec chroot "$root" /usr/bin/env -i "${envs[@]}" /bin/sh -c '\''cd "$0" && exec /usr/bin/ansible-playbook "$@"'\'' "$PWD" "$@"
' wrapper "$ROOT" "${#dirs[@]}" "${dirs[@]}" "${#envs[@]}" "${envs[@]}" "$@"
