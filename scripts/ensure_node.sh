#!/usr/bin/env bash
# The player's queue tests (tests/js/) run under Node's built-in test runner; Debian's nodejs has it.
set -euo pipefail
if command -v node >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's nodejs package for the player's JavaScript tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null
else
  echo "The player's JavaScript tests (tests/js/) need Node.js 18 or later, as Debian's 'nodejs' package." >&2
  echo "Install it with: sudo apt-get install nodejs" >&2
  exit 1
fi
