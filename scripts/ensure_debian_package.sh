#!/usr/bin/env bash
# Installs a Debian package the tests need when its program is missing: as root through apt-get,
# otherwise it stops with the command to run.
#   scripts/ensure_debian_package.sh PROGRAM PACKAGE WHAT-NEEDS-IT
# The browser tests drive Debian's chromium (Playwright's own browser download cannot work offline);
# the player's queue tests (tests/js/) run under Debian's nodejs, whose built-in test runner they use.
set -euo pipefail
program=$1 package=$2 needed_by=$3
if command -v "$program" >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's $package package for $needed_by…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
else
  echo "$needed_by need Debian's '$package' package ($program)." >&2
  echo "Install it with: sudo apt-get install $package" >&2
  exit 1
fi
