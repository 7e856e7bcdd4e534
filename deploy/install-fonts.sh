#!/bin/sh
# Install a CJK font so notebook plots show Chinese instead of tofu boxes. Idempotent:
# does nothing when a CJK font is already installed. Debian/Ubuntu (apt) or Fedora/RHEL (dnf);
# macOS and Windows ship CJK fonts (PingFang SC / Microsoft YaHei), which the notebooks also use.
# Usage: sudo deploy/install-fonts.sh      (or: make fonts)
set -eu

if command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -qiE 'CJK|WenQuanYi|Source Han'; then
    echo "install-fonts: a CJK font is already installed; nothing to do"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

if command -v apt-get >/dev/null 2>&1; then
    if ! apt-cache policy fonts-noto-cjk 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        $SUDO apt-get update
    fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-noto-cjk fontconfig
elif command -v dnf >/dev/null 2>&1; then
    $SUDO dnf install -y google-noto-sans-cjk-fonts fontconfig
else
    echo "install-fonts: no apt-get or dnf; install a CJK font (e.g. Noto Sans CJK SC) by hand" >&2
    exit 1
fi

fc-cache -f >/dev/null 2>&1 || true
# matplotlib caches its font list: drop the cache so the new font is found (the notebooks also
# rescan system fonts when no CJK font is in the cache).
rm -f "${MPLCONFIGDIR:-$HOME/.cache/matplotlib}"/fontlist-*.json 2>/dev/null || true
echo "install-fonts: installed fonts-noto-cjk"
