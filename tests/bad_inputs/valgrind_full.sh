#!/bin/sh
# valgrind_full.sh: one full-configuration extraction (43 image types, 4013 features) under valgrind memcheck.
# usage: tests/bad_inputs/valgrind_full.sh [BUILD_DIR]   (a normal, non-sanitizer build; default build)
# Passes when memcheck reports no error and no definitely/indirectly/possibly lost bytes
# and the CSV has the 4013 feature rows. Prints the figures docs/reliability.md quotes.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-$root/build}
S=${RADIOMIX_SHARED:-$root/../shared}/data/pyradiomics/cases
T=$(mktemp -d "${TMPDIR:-/tmp}/rmx-valgrind.XXXXXX")
trap 'rm -rf "$T"' EXIT
start=$(date +%s)
valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect,possible \
  --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 --track-origins=no \
  --log-file="$T/vg.log" \
  "$B/bin/radiomix" extract -j 1 "$S/breast1_image.nrrd" "$S/breast1_label.nrrd" \
  -p "$root/share/params/hypoxia-study.yaml" -o "$T/full.csv"
rc=$?
secs=$(($(date +%s) - start))
rows=$(($(wc -l <"$T/full.csv" 2>/dev/null || echo 1) - 1))
grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|still reachable|total heap usage' "$T/vg.log" | sed 's/^==[0-9]*== *//'
echo "valgrind_full: exit $rc, $rows feature rows, ${secs} s wall"
if [ $rc -ne 0 ] || [ $rows -ne 4013 ]; then
  grep -A12 -E 'Invalid|uninitialised|definitely lost in' "$T/vg.log" | head -60
  exit 1
fi
