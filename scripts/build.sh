#!/usr/bin/env bash
# Configures and builds berserkr. Usage: scripts/build.sh [release|debug|asan] (default: release)
#   release -> build/        debug -> build-debug/        asan -> build-asan/ (AddressSanitizer + UBSan)
set -euo pipefail
cd "$(dirname "$0")/.."

kind=${1:-release}
case "$kind" in
  release) dir=build; type=Release ;;
  debug) dir=build-debug; type=Debug ;;
  asan) dir=build-asan; type=Asan ;;
  *) echo "usage: scripts/build.sh [release|debug|asan]" >&2; exit 2 ;;
esac

cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DBERSERKR_WERROR="${BERSERKR_WERROR:-OFF}" >/dev/null
ninja -C "$dir" ${BERSERKR_BUILD_JOBS:+-j "$BERSERKR_BUILD_JOBS"}
echo "built $dir/berserkr ($type)" >&2
