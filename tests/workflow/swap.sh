#!/bin/sh
# A new sequence and a new classifier need no host or workflow change: a
# manifest gains a "T1post" series and a classifier plugin from outside the
# tree is found on the plugin path; the workflow runs both.
set -u
exe=$1 root=$2 cohort=$3 fixtures=$4 out=$5
rm -rf "$out"; mkdir -p "$out"
{ cat "$cohort/manifest.csv"; awk -F, 'NR > 1 && $4 == "TE75" { OFS = ","; $4 = "T1post"; print }' "$cohort/manifest.csv"; } > "$out/manifest.csv"
sed -i "s|images/|$cohort/images/|; s|masks/|$cohort/masks/|" "$out/manifest.csv"
"$exe" --plugin-path "$fixtures" run "$root/scripts/hypoxia.lua" --quick --manifest "$out/manifest.csv" \
  --sequences T1post --classifiers fx_prior --out "$out/run" --generations 1 --population 4 >/dev/null || { echo "FAIL: workflow run"; echo "0 passed, 1 failed"; exit 1; }
"$exe" run "$root/tests/workflow/check_outputs.lua" "$out/run" T1post || exit 1
grep -q "^T1post,.*fx_prior" "$out/run/pipelines.csv" && echo "ok: the plugin-path classifier was searched and chosen" || { echo "FAIL: fx_prior not in pipelines.csv"; echo "0 passed, 1 failed"; exit 1; }
