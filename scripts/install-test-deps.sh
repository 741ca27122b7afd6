#!/bin/sh
# Installs what the browser tests need, only where it is missing:
# Debian's chromium + chromium-driver + CJK fonts, python3-openpyxl (an
# independent reader of the spreadsheets the build writes), binutils (the
# .deb script strips the binary and reads its glibc needs), and axe-core
# from npm.
# Safe to run again: a second run changes nothing and takes well under a second.
set -eu
cd "$(dirname "$0")/.."

need=""
for pkg in chromium chromium-driver fonts-noto-cjk python3-openpyxl binutils; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    need="$need $pkg"
  fi
done
if [ -n "$need" ]; then
  echo "installing Debian packages:$need"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

# The driver must match the browser's major version, or sessions fail late.
browser=$(chromium --version 2>/dev/null | grep -o '[0-9][0-9]*' | head -1)
driver=$(chromedriver --version 2>/dev/null | grep -o '[0-9][0-9]*' | head -1)
if [ "$browser" != "$driver" ]; then
  echo "chromium $browser and chromedriver $driver differ; reinstall both packages" >&2
  exit 1
fi

if [ ! -f node_modules/axe-core/axe.min.js ]; then
  echo "installing axe-core (npm)"
  npm ci --no-audit --no-fund --loglevel=error
fi
