#!/usr/bin/env bash
# Prints the path of a usable redis-server, installing Debian's redis-server package first when it
# is missing and this machine allows it (root or passwordless sudo, and apt-get). weft-redis's tests
# run it when they cannot find redis-server; it starts no service.
set -euo pipefail

MSG="weft-redis: redis-server is not installed; install Debian's redis-server package (apt-get install redis-server)"

find_server() {
  if command -v redis-server >/dev/null 2>&1; then
    command -v redis-server
  elif [ -x /usr/bin/redis-server ]; then
    echo /usr/bin/redis-server
  elif [ -x /usr/local/bin/redis-server ]; then
    echo /usr/local/bin/redis-server
  else
    return 1
  fi
}

if find_server; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "$MSG (no apt-get on this machine)" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "$MSG (not root, and no passwordless sudo to install it)" >&2
  exit 1
fi

install() {
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >&2
}

echo "weft-redis: installing Debian's redis-server package" >&2
if ! install; then
  echo "weft-redis: install failed; running apt-get update and trying again" >&2
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || true
  if ! install; then
    echo "$MSG (apt-get install failed)" >&2
    exit 1
  fi
fi

if find_server; then
  exit 0
fi
echo "$MSG (the package installed, but redis-server is still not found)" >&2
exit 1
