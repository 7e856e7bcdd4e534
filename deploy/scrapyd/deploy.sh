#!/bin/sh
# Deploy Winnow's crawler to a scrapyd server.
# Usage: deploy/scrapyd/deploy.sh [SCRAPYD_URL] [VERSION]     (default http://127.0.0.1:6800/)
# Prerequisite: `pip install /path/to/winnow scrapyd` in scrapyd's virtualenv (eggs carry no deps).
set -eu
REPO=$(cd "$(dirname "$0")/../.." && pwd)
URL=${1:-http://127.0.0.1:6800/}
VERSION=${2:-$(date +%Y%m%d%H%M%S)}
BIN=${WINNOW_VENV:-$REPO/.venv}/bin
BUILD=$(mktemp -d)
trap 'rm -rf "$BUILD"' EXIT
cp -r "$REPO/crawler" "$BUILD/crawler"
cp "$REPO/deploy/scrapyd/setup.py" "$BUILD/setup.py"
printf '[settings]\ndefault = crawler.settings\n\n[deploy:target]\nurl = %s\nproject = winnow\n' "$URL" > "$BUILD/scrapy.cfg"
cd "$BUILD" && "$BIN/scrapyd-deploy" target -p winnow -v "$VERSION"
