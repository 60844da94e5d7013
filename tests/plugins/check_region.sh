#!/bin/sh
# End to end through 'radiomix extract' (brain1, first order): a 1.0-style
# filter emitting whole volumes (fx_scale, factor 1) and one emitting only
# the output region (fx_region) both give exactly the Original features;
# a filter emitting another size is refused with one line naming it.
exe=$1 dir=$2 cases=$3
tmp=${TMPDIR:-/tmp}/rmx-region-$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass+1)); echo "ok: $1"; }
bad() { fail=$((fail+1)); echo "FAIL: $1"; }
cat >"$tmp/p.yaml" <<'YAML'
setting: {binWidth: 25, label: 1}
imageType:
  Original: {}
  fx_scale: {factor: 1}
  fx_region: {}
featureClass:
  firstorder:
  glcm:
YAML
for pc in false true; do
  if "$exe" --plugin-path "$dir" -j 1 extract "$cases/brain1_image.nrrd" "$cases/brain1_label.nrrd" \
       -p "$tmp/p.yaml" -s preCrop=$pc -o "$tmp/out.csv" 2>"$tmp/err"; then
    ok "extract with fixture filters (preCrop=$pc)"
  else
    bad "extract with fixture filters (preCrop=$pc): $(cat "$tmp/err")"
    continue
  fi
  # rows "name,value": every original_ feature must equal its fx_scale_ and fx_region_ twin
  n=$(grep -c '^original_firstorder\|^original_glcm' "$tmp/out.csv")
  for t in fx_scale fx_region; do
    diff_count=$(awk -F, -v t="$t" '
      /^original_(firstorder|glcm)_/ { o[substr($1, 10)] = $2 }
      index($0, t "_") == 1 { f[substr($1, length(t) + 2)] = $2 }
      END { d = 0; m = 0; for (k in o) { m++; if (!(k in f) || f[k] != o[k]) d++ } print d " " m }' "$tmp/out.csv")
    if [ "$diff_count" = "0 $n" ] && [ "$n" -gt 20 ]; then ok "$t (preCrop=$pc): $n features equal Original's"
    else bad "$t (preCrop=$pc): differing/compared = $diff_count (expected 0 $n)"; fi
  done
done
cat >"$tmp/bad.yaml" <<'YAML'
setting: {binWidth: 25, label: 1}
imageType:
  fx_badsize: {}
featureClass:
  firstorder:
YAML
"$exe" --plugin-path "$dir" -j 1 extract "$cases/brain1_image.nrrd" "$cases/brain1_label.nrrd" \
  -p "$tmp/bad.yaml" -o "$tmp/bad.csv" 2>"$tmp/err"
rc=$?
grep -v 'radiomix: warning: ' "$tmp/err" >"$tmp/errors" # the fixture folder's refused plugins
if [ $rc -ne 0 ] && [ "$(wc -l <"$tmp/errors")" -eq 1 ] && grep -q \
     "filter 'fx_badsize' emitted 'fx_badsize' of size 255x256x25, the image is 256x256x25 and the output region 47x70x7\$" \
     "$tmp/errors"; then ok "wrong-size output refused in one line (exit $rc)"
else bad "wrong-size output: exit $rc, errors: $(cat "$tmp/errors")"; fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
