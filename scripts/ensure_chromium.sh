#!/usr/bin/env bash
# The browser tests drive Debian's chromium; Playwright's own browser download cannot work offline.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium package for the browser tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "The browser tests need Debian's 'chromium' package at /usr/bin/chromium." >&2
  echo "Install it with: sudo apt-get install chromium" >&2
  exit 1
fi
