#!/usr/bin/env bash
# Installs the Debian packages bansou needs; safe to run again (it installs only what is missing).
#   scripts/system-deps.sh runtime   gettext (compiled translations) and Japanese fonts (PDF reports)
#   scripts/system-deps.sh test      runtime + Chromium (browser tests), LibreOffice Calc (opens our
#                                    xlsx/CSV files as a real client), poppler-utils (reads our PDFs)
set -euo pipefail

profile=${1:-runtime}
packages=(gettext fonts-noto-cjk fonts-ipaexfont-gothic libpango-1.0-0 libpangoft2-1.0-0)
case "$profile" in
  runtime) ;;
  test) packages+=(chromium libreoffice-calc-nogui poppler-utils) ;;
  *) echo "usage: $0 runtime|test" >&2; exit 2 ;;
esac

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${packages[*]})"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system packages missing (${missing[*]}) and apt-get is not available: install them by hand" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
