#!/usr/bin/env bash
# ab_extract.sh: before/after comparison of two radiomix builds on one case, interleaved.
#
#   ROUNDS=100 bash bench/ab_extract.sh OLD_RADIOMIX NEW_RADIOMIX [CASE]   (CASE default brain1)
#
# Runs `RADIOMIX -j 1 extract IMAGE MASK -o /dev/null` alternately with the two binaries (the
# order flips each round), so a burst of load on this shared machine hits both alike, and prints
# the median, 25th percentile and minimum wall time of each (bash's EPOCHREALTIME around each run,
# fork and exec included), their difference, and peak RSS (GNU time). Not run by ctest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[[ $# -ge 2 ]] || { echo "usage: $0 OLD_RADIOMIX NEW_RADIOMIX [CASE]" >&2; exit 2; }
old=$1 new=$2 c=${3:-brain1} rounds=${ROUNDS:-100}
read -r img msk < <(case_files "$c")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
one() { # BIN OUTFILE: one timed run, microseconds appended
  local t0 t1
  t0=$EPOCHREALTIME
  "$1" -j 1 extract "$img" "$msk" -o /dev/null >/dev/null 2>&1 || { echo "ab: $1 failed" >&2; exit 1; }
  t1=$EPOCHREALTIME
  echo $(( (${t1/./} - ${t0/./}) )) >>"$2"
}
for b in "$old" "$new"; do one "$b" /dev/null; done # warm-up (page cache, plugin cache)
for ((i = 0; i < rounds; i++)); do
  if ((i % 2)); then one "$new" "$tmp/new"; one "$old" "$tmp/old"
  else one "$old" "$tmp/old"; one "$new" "$tmp/new"; fi
done
stats() { sort -n "$1" | awk '{v[NR] = $1} END {printf "%.2f %.2f %.2f\n", v[int((NR + 1) / 2)] / 1e3, v[int((NR + 3) / 4)] / 1e3, v[1] / 1e3}'; }
read -r om op on < <(stats "$tmp/old")
read -r nm np nn < <(stats "$tmp/new")
echo "$c, $rounds interleaved rounds, load $(load1), $(date -u '+%F %H:%M UTC')"
echo
echo "| build | median ms | p25 ms | min ms | peak RSS MB |"
echo "| --- | --- | --- | --- | --- |"
echo "| old ($old) | $om | $op | $on | $(peak_mb "$old" -j 1 extract "$img" "$msk" -o /dev/null) |"
echo "| new ($new) | $nm | $np | $nn | $(peak_mb "$new" -j 1 extract "$img" "$msk" -o /dev/null) |"
awk -v a="$om" -v b="$nm" 'BEGIN {printf "\nnew - old (medians): %+.2f ms (%+.1f%%)\n", b - a, (b - a) / a * 100}'
