#!/usr/bin/env bash
# Installs every Debian package that building and testing berserkr needs.
# Idempotent: when everything is present it only checks and returns in about a second.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  # libraries
  zlib1g-dev libzstd-dev libbz2-dev liblz4-dev liblzo2-dev
  libsimdjson-dev libfast-float-dev libre2-dev
  # the IANA time zone database, read at run time by timezone() (/usr/share/zoneinfo)
  tzdata
  libgtest-dev libgmock-dev libbenchmark-dev
  # command-line codecs: tests make their fixtures with the real tools
  gzip zstd bzip2 lz4 lzop
  python3
)
# Node.js (with npm) runs the DuckDB / Polars oracles; a machine that has it from elsewhere keeps it.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all Debian packages present" >&2
fi
