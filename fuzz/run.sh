#!/bin/sh
# run.sh: builds the libFuzzer targets (clang, ASan+UBSan) in their own build folder and runs each for SECONDS.
# usage: fuzz/run.sh SECONDS [TARGET...]   (targets: nrrd mask params csv families; default all)
# Build folder: $RMX_FUZZ_BUILD, else ${RADIOMIX_BUILD}-fuzz (set by ctest), else build-fuzz.
# New corpus entries stay in the build folder; crashes land in BUILD/fuzz-artifacts/.
# Exit 0: no crash; 1: a target crashed, leaked or timed out; 77: no libFuzzer (skipped).
set -u
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-nrrd mask params csv families}
root=$(cd "$(dirname "$0")/.." && pwd)
B=${RMX_FUZZ_BUILD:-${RADIOMIX_BUILD:+${RADIOMIX_BUILD}-fuzz}}
B=${B:-$root/build-fuzz}
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! clang -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" 2>/dev/null; then
  rm -rf "$probe"
  echo "fuzz: clang with libFuzzer is not available (Debian: clang-14 and libclang-rt-14-dev); skipped"
  exit 77
fi
rm -rf "$probe"
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# Plugins are built with -Wl,--no-undefined; the sanitizer and coverage hooks they
# call live in the fuzzer executable, so '-z undefs' (last on the line) lets them link.
CC=clang cmake -S "$root" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCMAKE_C_STANDARD_LIBRARIES="-Wl,-z,undefs" \
  -DCMAKE_PROJECT_INCLUDE="$root/fuzz/hook.cmake" >"$B.configure.log" 2>&1 ||
  { cat "$B.configure.log"; exit 1; }
tlist=
for t in $targets; do tlist="$tlist --target fuzz_$t"; done
# shellcheck disable=SC2086
cmake --build "$B" -j2 $tlist >"$B/fuzz-build.log" 2>&1 ||
  { grep -E -A3 'error|warning' "$B/fuzz-build.log" | head -30; echo "fuzz: build failed"; exit 1; }
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$root/fuzz/lsan.supp:print_suppressions=0"
fail=0
total=0
for t in $targets; do
  work=$B/fuzz-corpus/$t
  mkdir -p "$work" "$B/fuzz-artifacts"
  log=$B/fuzz-$t.log
  "$B/bin/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1536 -max_len=8192 \
    -print_final_stats=1 -artifact_prefix="$B/fuzz-artifacts/$t-" "$work" "$root/fuzz/corpus/$t" \
    >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  total=$((total + ${execs:-0}))
  if [ "$rc" -eq 0 ]; then
    printf 'fuzz_%-9s %9s executions in %s s, %s, no crash\n' "$t" "${execs:-?}" "$secs" "$cov"
  else
    fail=1
    printf 'fuzz_%-9s FAILED (exit %d) after %s executions; see %s\n' "$t" "$rc" "${execs:-?}" "$log"
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -5
  fi
done
echo "fuzz: $total executions in total"
exit $fail
