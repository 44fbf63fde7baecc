#!/usr/bin/env bash
# Installs the real VS Code the extension-host and UI tests run on: code-server (VS Code server +
# web workbench + Node extension host) from npm, pinned, in a cache folder outside the repository
# (its native build is ~300 MB, so it is no devDependency), plus Debian's chromium to drive it.
# Idempotent: reuses an install whose `entry.js --version` answers. Works offline apart from the
# npm registry and Debian's apt; as root on a fresh Debian 12 (CI).
#
#   bash scripts/vscode-host/install.sh          # prints the code-server package folder last
#
# env: CS_VERSION (4.100.3: the newest code-server on Node 20, = VS Code 1.100.3),
#      OPENSTACK_CLOUDS_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/openstack-clouds)
set -euo pipefail

CS_VERSION="${CS_VERSION:-4.100.3}"
CACHE="${OPENSTACK_CLOUDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openstack-clouds}"
HOST_DIR="$CACHE/vscode-host/$CS_VERSION"
CS="$HOST_DIR/node_modules/code-server"
log() { echo "vscode-host: $*" >&2; }
# code-server writes ~/.config/code-server and ~/.local/share/code-server on any start, even for
# --version: point HOME and the XDG dirs at a scratch folder for these checks.
cs_version() {
  local scratch; scratch="$(mktemp -d)"
  HOME="$scratch" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" \
    node "$CS/out/node/entry.js" --version 2>/dev/null | tail -1
  local rc=${PIPESTATUS[0]}
  rm -rf "$scratch"
  return "$rc"
}

# --- apt: chromium (the browser), libkrb5-dev (kerberos builds from source), ripgrep (stands in
# for @vscode/ripgrep's GitHub download). Only what is missing; apt-get update first.
APT_PACKAGES=(chromium libkrb5-dev ripgrep)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  [ "$(id -u)" = 0 ] || { log "need root to install ${missing[*]}"; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=900 update -q >&2
  apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends "${missing[@]}" >&2
fi

# --- code-server, reused when it answers.
if [ -f "$CS/out/node/entry.js" ] && cs_version >/dev/null; then
  log "code-server $CS_VERSION already installed"
  echo "$CS"
  exit 0
fi

log "installing code-server@$CS_VERSION into $HOST_DIR (about 40 s)"
T0=$(date +%s)
rm -rf "$HOST_DIR"
mkdir -p "$HOST_DIR"
WORK_TMP="$(mktemp -d)"
trap 'rm -rf "$WORK_TMP"' EXIT
INSTALL_LOG="$HOST_DIR/install.log"
cd "$HOST_DIR"
printf '{ "name": "openstack-clouds-vscode-host", "private": true }\n' > package.json

# Scripts first skipped: @vscode/ripgrep's postinstall would download rg from GitHub.
if ! npm install --no-audit --no-fund --no-save --ignore-scripts "code-server@$CS_VERSION" > "$INSTALL_LOG" 2>&1; then
  tail -30 "$INSTALL_LOG" >&2; log "npm install code-server@$CS_VERSION failed (log: $INSTALL_LOG)"; exit 1
fi

# Seed @vscode/ripgrep's download cache ($TMPDIR/vscode-ripgrep-cache-<ver>/ripgrep-<tag>-<target>.tar.gz)
# with Debian's rg; its postinstall then unpacks that instead of fetching.
SHRINK="$CS/lib/vscode/npm-shrinkwrap.json"
RG_VERSION=$(node -p "(require('$SHRINK').packages['node_modules/@vscode/ripgrep'] || {}).version || ''")
export TMPDIR="$WORK_TMP"
if [ -n "$RG_VERSION" ]; then
  (cd "$WORK_TMP" && npm pack --silent "@vscode/ripgrep@$RG_VERSION" >/dev/null && tar xzf "vscode-ripgrep-$RG_VERSION.tgz" package/lib/postinstall.js)
  RG_TAG=$(grep -o "const VERSION = '[^']*'" "$WORK_TMP/package/lib/postinstall.js" | cut -d"'" -f2)
  [ -n "$RG_TAG" ] || { log "cannot read ripgrep's release tag from @vscode/ripgrep@$RG_VERSION"; exit 1; }
  mkdir -p "$WORK_TMP/rgseed" "$WORK_TMP/vscode-ripgrep-cache-$RG_VERSION"
  cp /usr/bin/rg "$WORK_TMP/rgseed/rg"
  tar czf "$WORK_TMP/vscode-ripgrep-cache-$RG_VERSION/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" -C "$WORK_TMP/rgseed" rg
  log "seeded @vscode/ripgrep@$RG_VERSION ($RG_TAG) with Debian's rg"
fi

# unsafe_perm: code-server's postinstall refuses root without it (npm 11 still passes the env var).
# yes: node-pty's postinstall runs `npx node-gyp`, which refuses to fetch without a TTY otherwise.
if ! npm_config_unsafe_perm=true npm_config_yes=true npm rebuild --foreground-scripts >> "$INSTALL_LOG" 2>&1; then
  tail -30 "$INSTALL_LOG" >&2; log "npm rebuild (native modules) failed (log: $INSTALL_LOG)"; exit 1
fi
VERSION_LINE=$(cs_version) || { log "code-server does not start (log: $INSTALL_LOG)"; exit 1; }
[ -x "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] || { log "ripgrep missing in code-server (log: $INSTALL_LOG)"; exit 1; }
log "installed in $(( $(date +%s) - T0 )) s, $(du -sh "$HOST_DIR/node_modules" | cut -f1): $VERSION_LINE"
echo "$CS"
