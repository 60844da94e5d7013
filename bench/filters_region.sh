#!/usr/bin/env bash
# filters_region.sh: the filters outside the study on brain1, firstorder only, one parameter file
# each (bench/filters/*.yaml; all.yaml: seven of them together): peak RSS (GNU time) and median wall
# and CPU (hyperfine, RUNS runs) of `radiomix -j 1 extract IMAGE MASK -p FILE -o /dev/null`, for this
# build and, when OLD is set, for an older binary in the same run.
#
#   [OLD=path/to/old/radiomix] RUNS=5 bash bench/filters_region.sh [NAME...]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=(clip normalize mean laws lawsrot logconv riesz gabor gaborortho simoncelli all)
read -r img msk < <(case_files brain1)
echo "brain1, RUNS=$RUNS, $(date -u '+%F %H:%M UTC')"
echo
echo "| parameter file | build | peak RSS MB | -j 1 median s | CPU s | load |"
echo "| --- | --- | --- | --- | --- | --- |"
for n in "${names[@]}"; do
  f="$bench_root/bench/filters/$n.yaml"
  for b in ${OLD:+"$OLD"} "$RMX"; do
    l=$(load1)
    m=$(peak_mb "$b" -j 1 extract "$img" "$msk" -p "$f" -o /dev/null)
    read -r t c < <(median_s "$RUNS" "$b" -j 1 extract "$img" "$msk" -p "$f" -o /dev/null)
    printf '| %s | %s | %s | %.3f | %.3f | %s |\n' "$n" "$([[ $b == "$RMX" ]] && echo new || echo old)" "$m" "$t" "$c" "$l"
  done
done
