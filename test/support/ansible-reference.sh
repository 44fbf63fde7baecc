#!/bin/sh
# The reference of the playbook differential test, set up idempotently in a cache directory:
#  - ansible-core's module_utils (Debian 12's ansible-core; the installed one when there is one,
#    else the package unpacked into the cache: nothing is installed system-wide);
#  - the openstack.cloud collection of Debian 12's `ansible` (1.10.0) and of Debian 13's (2.x),
#    only that part of the big packages unpacked. Debian 13 is read through a private apt
#    directory: the system's apt sources are never changed.
# Prints `KEY=value` lines: PYTHONPATH (empty when the system's ansible-core serves), one
# COLLECTION_<version>=<root holding ansible_collections/> per collection, and one
# YAML_CORPUS_<suite>=<ansible_collections/ holding every YAML file of that suite's package>.
set -eu
CACHE="${OPENSTACK_CLOUDS_CACHE:-$HOME/.cache/openstack-clouds}/ansible-reference"
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

MIRROR=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)$/\1/p; s/^deb \(\[[^]]*\] \)\{0,1\}\(http[^ ]*\/debian\) .*/\2/p' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n1)
MIRROR=${MIRROR:-http://deb.debian.org/debian}

# unpack DEB DIR [PATTERN]: the package's files (or only those under PATTERN) into DIR, once.
unpack() {
  [ -f "$2/.done" ] && return 0
  rm -rf "$2" && mkdir -p "$2"
  if [ -n "${3:-}" ]; then dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2" --wildcards "$3"; else dpkg-deb -x "$1" "$2"; fi
  touch "$2/.done"
}

# download APTOPTS PACKAGE[/SUITE] DIR: the .deb into the cache directory DIR, once.
download() {
  opts=$1 package=$2 dir="$CACHE/debs/$3"
  name=${package%%/*}
  found=$(ls "$dir/${name}"_*.deb 2>/dev/null | head -n1 || true)
  if [ -z "$found" ]; then
    mkdir -p "$dir" && cd "$dir" # apt-get download writes to the working directory
    # shellcheck disable=SC2086
    apt-get $opts -q download "$package" >&2 2>/dev/null || { apt-get $opts -q update >&2 && apt-get $opts -q download "$package" >&2; }
    cd "$CACHE"
    found=$(ls "$dir/${name}"_*.deb | head -n1)
  fi
  echo "$found"
}

PYPATH=
if ! /usr/bin/python3 -c 'import ansible.module_utils.common.arg_spec' 2>/dev/null; then
  core=$(download "" ansible-core bookworm)
  unpack "$core" "$CACHE/ansible-core" './usr/lib/python3/dist-packages/ansible/*'
  PYPATH="$CACHE/ansible-core/usr/lib/python3/dist-packages"
fi
echo "PYTHONPATH=$PYPATH"

COLLECTION='./usr/lib/python3/dist-packages/ansible_collections/openstack/cloud/*'
bookworm=$(download "" ansible bookworm)
unpack "$bookworm" "$CACHE/bookworm" "$COLLECTION"

# Debian 13 through a private apt state (lists, cache, sources) under the cache directory.
P="$CACHE/apt-trixie"
mkdir -p "$P/lists/partial" "$P/cache/archives/partial" "$P/preferences.d"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR trixie main" >"$P/sources.list"
TRIXIE="-o Dir::Etc::SourceList=$P/sources.list -o Dir::Etc::SourceParts=- -o Dir::State::Lists=$P/lists -o Dir::Cache=$P/cache -o Dir::Etc::Preferences=$P/preferences -o Dir::Etc::PreferencesParts=$P/preferences.d -o Acquire::Languages=none"
[ -f "$CACHE/trixie/.done" ] || {
  ls "$P/lists/"*Packages* >/dev/null 2>&1 || apt-get $TRIXIE -q update >&2
  trixie=$(download "$TRIXIE" ansible/trixie trixie)
  unpack "$trixie" "$CACHE/trixie" "$COLLECTION"
}

# Every YAML file of both ansible packages (the playbooks, roles, rulebooks and module docs of ~100
# collections, as Debian ships them): the real-world corpus on which the checks must raise no
# false alarm (test/unit/language/real-collections.test.ts).
for suite in bookworm trixie; do
  corpus="$CACHE/$suite-yaml"
  if [ ! -f "$corpus/.done" ]; then
    rm -rf "$corpus" && mkdir -p "$corpus"
    dpkg-deb --fsys-tarfile "$(ls "$CACHE/debs/$suite/ansible_"*.deb | head -n1)" | tar -x -C "$corpus" --wildcards '*.yml' '*.yaml'
    touch "$corpus/.done"
  fi
  echo "YAML_CORPUS_$suite=$corpus/usr/lib/python3/dist-packages/ansible_collections"
done

for root in "$CACHE/bookworm" "$CACHE/trixie"; do
  dir="$root/usr/lib/python3/dist-packages"
  version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$dir/ansible_collections/openstack/cloud/MANIFEST.json" | head -n1)
  echo "COLLECTION_$version=$dir"
done
