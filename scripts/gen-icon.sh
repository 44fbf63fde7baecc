#!/usr/bin/env bash
# Renders the Marketplace icon media/icon.png (256x256) from media/source/icon.svg with rsvg-convert
# (Debian's librsvg2-bin, installed here if missing). Run once after editing the SVG and commit
# the PNG: packaging and the tests use the committed file and need no renderer.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v rsvg-convert >/dev/null; then
  apt-get update -qq && apt-get install -y -qq librsvg2-bin >/dev/null
fi
rsvg-convert --width 256 --height 256 --format png --output media/icon.png media/source/icon.svg
echo "media/icon.png: $(wc -c < media/icon.png) bytes"
