#!/usr/bin/env bash
# Installs Debian's chromium for the report's browser test (tests/test_report_browser.py).
# Does nothing when a chromium is already installed; warns and carries on when
# apt-get cannot be used (the test then skips, saying why).
set -euo pipefail
for browser in chromium chromium-browser; do
  if command -v "$browser" >/dev/null 2>&1; then
    echo "chromium is installed: $("$browser" --version 2>/dev/null | head -n1)"
    exit 0
  fi
done
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "WARNING: chromium is missing and apt-get needs root; the browser test will skip." >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "WARNING: chromium is missing and apt-get is unavailable; the browser test will skip." >&2
  exit 0
fi
echo "Installing chromium from Debian packages..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
chromium --version
