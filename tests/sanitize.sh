#!/bin/sh
# sanitize.sh: builds the tree with ASan+UBSan (RMX_SANITIZE) in build-asan and runs the whole ctest suite under it.
# usage: tests/sanitize.sh [ctest arguments, e.g. -R io_ or -E parity_full]
# Any sanitizer report fails its test: halt_on_error, leaks detected (teem's known
# gzip leaks and fontconfig's caches suppressed). RMX_ASAN_BUILD overrides the folder.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
B=${RMX_ASAN_BUILD:-$root/build-asan}
jobs=${RMX_JOBS:-2}
cmake -S "$root" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRMX_SANITIZE=ON >/dev/null
if ! cmake --build "$B" -j "$jobs" >"$B/build.log" 2>&1; then
  grep -E -A3 'error:|warning:' "$B/build.log" | head -40
  echo "sanitize: build failed (log: $B/build.log)" >&2
  exit 1
fi
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0:strict_string_checks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# Leaks inside system libraries no caller can free: teem's gzip reader
# (tests/io/lsan.supp, fuzz/lsan.supp) and fontconfig's caches behind cairo text.
cat "$root/tests/io/lsan.supp" "$root/fuzz/lsan.supp" >"$B/lsan.supp"
printf '# fontconfig keeps pattern/value caches for the process lifetime (cairo text)\nleak:libfontconfig.so\n' >>"$B/lsan.supp"
export LSAN_OPTIONS="suppressions=$B/lsan.supp:print_suppressions=0"
echo "== sanitizer run (ASan+UBSan, leaks on) in $B" >&2
# fuzz_smoke builds and runs its own sanitized targets: not again here
[ $# -eq 0 ] && set -- -E '^fuzz_smoke$'
ctest --test-dir "$B" -j "$jobs" --output-on-failure --timeout 900 "$@"
