#!/usr/bin/env bash
# extract_full.sh: benchmark of the study's full configuration (43 image types, 4013 features) on brain1 and breast1 (issue 4).
#
#   bash bench/extract_full.sh [CASE...]      (default: brain1 breast1; RUNS defaults to 5 here)
#
# For share/params/hypoxia-study.yaml, in the default whole-image mode and with `-s preCrop=true`:
# whole-process wall time of `radiomix -j 1 extract ...` and on all cores (hyperfine medians), per-stage
# medians from `--timings` (-j 1) grouped as LoG filter / other filters / families / rest (the sum of
# each stage's median over 3 runs), and peak
# resident memory (GNU time). Compared with PyRadiomics' "full" timings parsed from
# $SHARED/data/pyradiomics/README.md: "full total", and "classes + shape" + "filters PyRadiomics computes
# itself" (LoG and gradient, done by a Python stand-in there, are compared separately).
# Prints Markdown tables with the one-minute load average. Not run by ctest.
# Environment: see bench/lib.sh (BUILD, RUNS, SHARED).
set -euo pipefail
RUNS=${RUNS:-5}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cases=("$@")
[[ ${#cases[@]} -gt 0 ]] || cases=(brain1 breast1)
params="$bench_root/share/params/hypoxia-study.yaml"
readme="$SHARED/data/pyradiomics/README.md"
pyr() { awk -F'|' -v c="$1" -v k="$2" '$2 ~ "^ *" c " *$" && $4 ~ /s *$/ { v = $(k + 1); gsub(/[ s]/, "", v); print v; exit }' "$readme"; }

echo "radiomix $("$RMX" --version | awk '{print $2}'), $(nproc) cores, RUNS=$RUNS, $(date -u '+%F %H:%M UTC')"
echo
echo "| case | mode | -j 1 median s | -j 1 CPU s | load | all cores s | load | peak RSS MB -j 1 / all | RSS / input | LoG filter s (-j 1) | other filters s | families s | rest s |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
summary=""
for c in "${cases[@]}"; do
  read -r img msk < <(case_files "$c")
  in_mb=$(nrrd_mb "$img")
  for mode in default preCrop; do
    extra=()
    [[ $mode == preCrop ]] && extra=(-s preCrop=true)
    l1=$(load1)
    read -r t1 c1 < <(median_s "$RUNS" "$RMX" -j 1 extract "$img" "$msk" -p "$params" "${extra[@]}" -o /dev/null)
    ln=$(load1)
    read -r tn _ < <(median_s "$RUNS" "$RMX" extract "$img" "$msk" -p "$params" "${extra[@]}" -o /dev/null)
    m1=$(peak_mb "$RMX" -j 1 extract "$img" "$msk" -p "$params" "${extra[@]}" -o /dev/null)
    mn=$(peak_mb "$RMX" extract "$img" "$msk" -p "$params" "${extra[@]}" -o /dev/null)
    st=$(stage_medians "$RUNS" "$RMX" -j 1 extract "$img" "$msk" -p "$params" "${extra[@]}" -o /dev/null --timings)
    read -r slog sfil sfam srest < <(printf '%s\n' "$st" | awk -F'\t' '
      $1 ~ /^filter log/ { g = g + $2; next } $1 ~ /^filter/ { f += $2; next } $1 ~ /^family/ { m += $2; next }
      { r += $2 } END { printf "%.4f %.4f %.4f %.4f\n", g, f, m, r }')
    printf '| %s | %s | %.3f | %.3f | %s | %.3f | %s | %.1f / %.1f | %.1f | %.3f | %.3f | %.3f | %.3f |\n' \
      "$c" "$mode" "$t1" "$c1" "$l1" "$tn" "$ln" "$m1" "$mn" "$(awk -v a="$m1" -v b="$in_mb" 'BEGIN {print a / b}')" \
      "$slog" "$sfil" "$sfam" "$srest"
    # in-process, as PyRadiomics' figures: every stage but reading and the LoG/gradient filters
    sin=$(printf '%s\n' "$st" | awk -F'\t' '$1 !~ /^(read|filter log|filter gradient)$/ {s += $2} END {printf "%.4f", s + 0}')
    summary+="$c $mode $t1 $c1 $slog $(printf '%s\n' "$st" | awk -F'\t' '$1 ~ /^filter gradient/ {s += $2} END {printf "%.4f", s + 0}') $sin"$'\n'
  done
done
echo
echo "Against PyRadiomics (README 'Timing', full configuration; our -j 1 whole process):"
echo
echo "| case | mode | ours total s | PyRadiomics full total s | ratio | ours without LoG/gradient s | PyRadiomics classes+shape+own filters s | ratio | ours in-process without LoG/gradient s | ratio | our LoG s | PyRadiomics LoG s (stand-in) | ratio |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s' "$summary" | while read -r c mode t1 c1 slog sgrad sin; do
  awk -v c="$c" -v m="$mode" -v t="$t1" -v lg="$slog" -v gr="$sgrad" -v inproc="$sin" \
      -v pt="$(pyr "$c" 5)" -v pc="$(pyr "$c" 6)" -v pf="$(pyr "$c" 7)" -v pl="$(pyr "$c" 8)" 'BEGIN {
    own = t - lg - gr;
    printf "| %s | %s | %.3f | %.2f | %.1fx | %.3f | %.2f | %.1fx | %.4f | %.1fx | %.3f | %.2f | %.1fx |\n",
      c, m, t, pt, pt / t, own, pc + pf, (pc + pf) / own, inproc, (pc + pf) / inproc, lg, pl, pl / lg }'
done
