#!/usr/bin/env bash
# Installs every Debian package that building and testing berserkr needs.
# Idempotent: when everything is present it only checks and returns in about a second.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  # libraries
  zlib1g-dev libzstd-dev libbz2-dev liblz4-dev liblzo2-dev
  # Parquet page codecs
  libsnappy-dev libbrotli-dev
  libsimdjson-dev libfast-float-dev libre2-dev
  # gradient-boosted trees for purchase propensity (its C API)
  libxgboost-dev
  # S3 object storage: HTTP(S) and SigV4 signing
  libcurl4-openssl-dev libssl-dev
  # line editing and history for `berserkr shell`
  libreadline-dev
  # the IANA time zone database, read at run time by timezone() (/usr/share/zoneinfo)
  tzdata
  libgtest-dev libgmock-dev libbenchmark-dev
  # command-line codecs: tests make their fixtures with the real tools
  gzip zstd bzip2 lz4 lzop
  # the S3 tests make a TLS certificate for their https server
  openssl
  python3
)
# Headless Chromium renders the HTML reports in a test (about 300 MB, so only on request:
# scripts/install-deps.sh --with-chromium; without it that test skips).
for argument in "$@"; do
  [ "$argument" = "--with-chromium" ] && packages+=(chromium fonts-dejavu-core)
done
# Node.js (with npm) runs the DuckDB / Polars oracles and the S3 test server (tests/s3, no npm
# packages: it needs only node); a machine that has it from elsewhere keeps it.
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

# The DuckDB oracle of the randomized query tests (tests/oracle): `npm ci` when its node_modules
# is missing or older than the lock file. Without it those tests skip, so a failure here (offline)
# only warns.
oracle_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/oracle"
if command -v npm >/dev/null 2>&1 && [ -f "$oracle_dir/package-lock.json" ]; then
  installed="$oracle_dir/node_modules/.package-lock.json"  # written by npm on every install
  if [ ! -f "$installed" ] || [ "$oracle_dir/package-lock.json" -nt "$installed" ]; then
    echo "install-deps: installing the DuckDB oracle (npm ci in tests/oracle)" >&2
    # A registry mirror without the other platforms' optional bindings makes `npm ci` reject the
    # lock file ("Missing: @duckdb/node-bindings-darwin-arm64"); `npm install --no-save` then
    # installs the same pinned versions without touching the lock file.
    (cd "$oracle_dir" && { npm ci --no-audit --no-fund --loglevel=silent >/dev/null 2>&1 ||
      npm install --no-save --no-audit --no-fund --loglevel=error >/dev/null; }) ||
      echo "install-deps: npm failed in tests/oracle; the oracle tests will skip" >&2
  else
    echo "install-deps: DuckDB oracle present" >&2
  fi
fi
