#!/usr/bin/env bash
# extract_original.sh: benchmark of PyRadiomics-default (Original image) extraction on the shared cases (issue 3).
#
#   bash bench/extract_original.sh [CASE...]      (default: brain1 breast1 test64 test37 prostate_phantom)
#
# Per case: whole-process wall time of `radiomix -j 1 extract IMAGE MASK -o /dev/null` and of the same on
# all cores (hyperfine median of $RUNS runs after a warm-up), per-stage medians from `--timings` (-j 1),
# peak resident memory (GNU time), against PyRadiomics' timings parsed from
# $SHARED/data/pyradiomics/README.md ("Timing" table: "original total" and "original, 6 texture/first-order
# classes + shape"). Then `radiomix extract --batch` of all five cases. Prints Markdown tables with the
# one-minute load average next to each figure. Not run by ctest (timings are noisy by nature).
# Environment: see bench/lib.sh (BUILD, RUNS, SHARED).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cases=("$@")
[[ ${#cases[@]} -gt 0 ]] || cases=(brain1 breast1 test64 test37 prostate_phantom)
readme="$SHARED/data/pyradiomics/README.md"
# PyRadiomics timing column (1-based among the table's cells) for a case.
pyr() { awk -F'|' -v c="$1" -v k="$2" '$2 ~ "^ *" c " *$" && $4 ~ /s *$/ { v = $(k + 1); gsub(/[ s]/, "", v); print v; exit }' "$readme"; }

echo "radiomix $("$RMX" --version | awk '{print $2}'), $(nproc) cores, RUNS=$RUNS, $(date -u '+%F %H:%M UTC')"
echo
echo "| case | input MB | -j 1 median ms | -j 1 CPU ms | all cores ms | load | features ms (-j 1, min / median) | PyRadiomics classes+shape ms | ratio (min) | PyRadiomics total ms | whole-process ratio (wall / CPU) | peak RSS MB (-j 1 / all) | RSS / input |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
stages_all=""
for c in "${cases[@]}"; do
  read -r img msk < <(case_files "$c")
  in_mb=$(nrrd_mb "$img")
  l=$(load1)
  read -r t1 c1 < <(median_s "$RUNS" "$RMX" -j 1 extract "$img" "$msk" -o /dev/null)
  read -r tn _ < <(median_s "$RUNS" "$RMX" extract "$img" "$msk" -o /dev/null)
  st=$(stage_medians "$RUNS" "$RMX" -j 1 extract "$img" "$msk" -o /dev/null --timings)
  stages_all+="$c"$'\n'"$st"$'\n\n'
  # feature computation = crop/discretise + the families (PyRadiomics' "classes + shape"); the sum of
  # the per-stage minima (least disturbed by other load) and of the medians
  read -r feat featmed < <(printf '%s\n' "$st" | awk -F'\t' '$1 ~ /^(family|crop)/ {s += $3; m += $2} END {printf "%.6f %.6f\n", s, m}')
  m1=$(peak_mb "$RMX" -j 1 extract "$img" "$msk" -o /dev/null)
  mn=$(peak_mb "$RMX" extract "$img" "$msk" -o /dev/null)
  p_cls=$(pyr "$c" 4); p_tot=$(pyr "$c" 3)
  awk -v c="$c" -v in_mb="$in_mb" -v t1="$t1" -v c1="$c1" -v tn="$tn" -v l="$l" -v f="$feat" -v fm="$featmed" -v pc="$p_cls" -v pt="$p_tot" \
      -v m1="$m1" -v mn="$mn" 'BEGIN {
    printf "| %s | %.2f | %.2f | %.2f | %.2f | %s | %.2f / %.2f | %.0f | %.1fx | %.0f | %.1fx / %.1fx | %.1f / %.1f | %.1f |\n",
      c, in_mb, t1 * 1e3, c1 * 1e3, tn * 1e3, l, f * 1e3, fm * 1e3, pc * 1e3, pc / f, pt * 1e3, pt / t1, pt / c1, m1, mn, m1 / in_mb }'
done
echo
echo "Per-stage medians / minima (-j 1, --timings, ms):"
echo
printf '%s' "$stages_all" | awk -F'\t' 'NF == 1 && $1 != "" { printf "- %s:", $1; sep = " " }
  NF == 3 { printf "%s%s %.1f / %.1f", sep, $1, $2 * 1e3, $3 * 1e3; sep = ", " } $0 == "" && sep != "" { print ""; sep = "" }'

# Batch: one manifest with all cases (absolute paths).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
  echo "ID,Image,Mask"
  for c in brain1 breast1 test64 test37 prostate_phantom; do read -r img msk < <(case_files "$c"); echo "$c,$img,$msk"; done
} >"$tmp/manifest.csv"
echo
echo "| batch (5 cases) | median ms | CPU ms | load | peak RSS MB | sum of PyRadiomics totals ms |"
echo "| --- | --- | --- | --- | --- | --- |"
ptot=$(for c in brain1 breast1 test64 test37 prostate_phantom; do pyr "$c" 3; done | awk '{s += $1} END {printf "%.0f", s * 1e3}')
for j in 1 "$(nproc)"; do
  l=$(load1)
  read -r t c < <(median_s "$RUNS" "$RMX" -j "$j" extract --batch "$tmp/manifest.csv" -o "$tmp/out.csv")
  m=$(peak_mb "$RMX" -j "$j" extract --batch "$tmp/manifest.csv" -o "$tmp/out.csv")
  awk -v j="$j" -v t="$t" -v c="$c" -v l="$l" -v m="$m" -v p="$ptot" 'BEGIN { printf "| -j %s | %.1f | %.1f | %s | %.1f | %s |\n", j, t * 1e3, c * 1e3, l, m, p }'
done
