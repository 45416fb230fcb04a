#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test with ctest.
# Usage: scripts/test.sh [--asan]   (--asan also builds and runs the tests under ASan + UBSan)
# Tests that need ../shared/data skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
export BERSERKR_WERROR=ON

scripts/build.sh release
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 900

if [ "${1:-}" = "--asan" ]; then
  scripts/build.sh asan
  # Sanitizers make the large-input tests slow; the logic they check is the same.
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j "$(nproc)" --timeout 1800
fi
