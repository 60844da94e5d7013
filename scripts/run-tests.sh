#!/usr/bin/env bash
# run-tests.sh: sets up (packages, configure, build) and runs every test.
# Also compiles the tree with clang, since both gcc and clang must be clean.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/setup.sh"
export RADIOMIX_SHARED=${RADIOMIX_SHARED:-$(cd "$root/.." && pwd)/shared}
echo "== clang -Wall -Wextra -Werror build" >&2
CC=clang cmake -S "$root" -B "$root/build-clang" -DCMAKE_BUILD_TYPE=Debug -DBUILD_TESTING=OFF >/dev/null
cmake --build "$root/build-clang" -j "$(nproc)" >"$root/build-clang/build.log" 2>&1 \
  || { grep -E -A3 'error:|warning:' "$root/build-clang/build.log" | head -40; echo "clang build failed" >&2; exit 1; }
echo "== tests (RADIOMIX_SHARED=$RADIOMIX_SHARED)" >&2
ctest --test-dir "$build" -j "$(nproc)" --output-on-failure --timeout 900
# The whole suite again under ASan+UBSan (fuzz_smoke builds its own sanitized
# targets, so it is not repeated); RMX_NO_SANITIZE=1 skips this. docs/reliability.md
[ -n "${RMX_NO_SANITIZE:-}" ] || bash "$root/tests/sanitize.sh"
