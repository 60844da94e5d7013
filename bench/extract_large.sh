#!/usr/bin/env bash
# extract_large.sh: peak memory and time of an original-image extraction of a CT-sized case.
#
#   [OLD=path/to/old/radiomix] RUNS=5 bash bench/extract_large.sh [WORKDIR]   (default /tmp/radiomix-large)
#
# Makes the case once with bench/large_case.lua (512 x 512 x 120 int16, 62.9 MB in memory, gzip),
# then times `radiomix -j 1 extract ct.nrrd ct_label.nrrd -o /dev/null` (hyperfine median of RUNS)
# and takes its peak RSS (GNU time), for this build and, when OLD is set, for an older binary in the
# same run. Not run by ctest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir=${1:-/tmp/radiomix-large}
[[ -f "$dir/ct.nrrd" && -f "$dir/ct_label.nrrd" ]] ||
  "$RMX" run "$bench_root/bench/large_case.lua" "$dir" >/dev/null
in_mb=$(nrrd_mb "$dir/ct.nrrd")
echo "large case ($dir), input $in_mb MB, RUNS=$RUNS, $(date -u '+%F %H:%M UTC')"
echo
echo "| build | -j 1 median s | CPU s | load | peak RSS MB | RSS / input |"
echo "| --- | --- | --- | --- | --- | --- |"
for b in ${OLD:+"$OLD"} "$RMX"; do
  l=$(load1)
  read -r t c < <(median_s "$RUNS" "$b" -j 1 extract "$dir/ct.nrrd" "$dir/ct_label.nrrd" -o /dev/null)
  m=$(peak_mb "$b" -j 1 extract "$dir/ct.nrrd" "$dir/ct_label.nrrd" -o /dev/null)
  awk -v b="$b" -v t="$t" -v c="$c" -v l="$l" -v m="$m" -v i="$in_mb" \
    'BEGIN {printf "| %s | %.3f | %.3f | %s | %.1f | %.2f |\n", b, t, c, l, m, m / i}'
done
