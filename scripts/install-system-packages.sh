#!/usr/bin/env bash
# Debian packages the test suite needs, installed when missing (make test calls this):
#   chromium    the browser test drives Debian's Chromium through Playwright
#   postgresql  the API test suite also runs against a real PostgreSQL server
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "note: ${missing[*]} not installed and not root: the tests that need them will be" \
         "skipped (as root: apt-get install -y ${missing[*]})" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
