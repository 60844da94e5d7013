#!/bin/sh
# extract_cli.sh: `radiomix extract` exit codes and one-line error messages for bad input.
# usage: extract_cli.sh RADIOMIX CASES_DIR [FIXTURE_PLUGIN_DIR]
RMX=$1
C=$2
FIX=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

# expect CODE SUBSTRING ARGS...: exit code, one stderr line containing SUBSTRING
expect() {
  code=$1 want=$2
  shift 2
  "$RMX" extract "$@" >"$T/out" 2>"$T/err"
  got=$?
  lines=$(wc -l <"$T/err")
  if [ "$got" -eq "$code" ] && grep -qF -- "$want" "$T/err" && [ "$lines" -eq 1 ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: extract $* -> exit $got (want $code), $lines stderr line(s), want '$want':"
    cat "$T/err"
  fi
}

IMG=$C/breast1_image.nrrd
LAB=$C/breast1_label.nrrd

printf 'setting:\n  binWidth: 10\n  binWidht: 10\n' >"$T/key.yaml"
printf 'setting:\n  binWidth: abc\n' >"$T/type.yaml"
printf 'setting:\n  binWidth: [1\n' >"$T/syntax.yaml"
printf 'imageType:\n  Original: {}\n  Foo: {}\n' >"$T/filter.yaml"
printf 'featureClass:\n  glcm: [Bogus]\n' >"$T/feature.yaml"
printf 'featureClass:\n  nosuchfamily:\n' >"$T/family.yaml"
printf 'voxelSetting:\n  kernelRadius: 1\n' >"$T/voxel.yaml"
printf 'imageType:\n  Original:\n    distances: [1.5]\n' >"$T/dist.yaml"
printf 'return {setting = {binWidth = }\n' >"$T/bad.lua"
printf 'return {setting = {label = "x"}}\n' >"$T/label.lua"

expect 2 "need IMAGE and MASK"
expect 2 "unknown option '--bogus'" "$IMG" "$LAB" --bogus
expect 2 "option -l: 'zero' is not a positive integer" "$IMG" "$LAB" -l zero
expect 2 "key.yaml:3: setting: unknown parameter 'binWidht'" "$IMG" "$LAB" -p "$T/key.yaml"
expect 2 "type.yaml:2: setting: parameter 'binWidth'" "$IMG" "$LAB" -p "$T/type.yaml"
expect 2 "syntax.yaml:3: YAML error" "$IMG" "$LAB" -p "$T/syntax.yaml"
expect 2 "filter.yaml:3: imageType 'Foo': no such filter" "$IMG" "$LAB" -p "$T/filter.yaml"
expect 2 "no feature 'Bogus'" "$IMG" "$LAB" -p "$T/feature.yaml"
expect 2 "featureClass 'nosuchfamily': no such feature family" "$IMG" "$LAB" -p "$T/family.yaml"
expect 2 "voxel-based extraction is not supported" "$IMG" "$LAB" -p "$T/voxel.yaml"
expect 2 "dist.yaml:3: imageType 'Original': parameter 'distances'" "$IMG" "$LAB" -p "$T/dist.yaml"
expect 2 "bad.lua:1:" "$IMG" "$LAB" -p "$T/bad.lua"
expect 2 "parameter 'label'" "$IMG" "$LAB" -p "$T/label.lua"
expect 3 "cannot" "$IMG" "$LAB" -p "$T/missing.yaml"
expect 2 "command line (-s): parameter 'resampledPixelSpacing'" "$IMG" "$LAB" -s "resampledPixelSpacing=[1,1]"
expect 2 "command line (-s): unknown parameter 'nosuch'" "$IMG" "$LAB" -s nosuch=1
expect 2 "--batch needs -o" --batch "$T/m.csv"
expect 3 "no_such_mask.nrrd" "$IMG" "$C/no_such_mask.nrrd"
expect 3 "label 7 not present" "$IMG" "$LAB" -l 7
expect 3 "set correctMask: true" "$IMG" "$C/breast1_label_2D.nrrd"
expect 3 "minimumROISize" "$IMG" "$LAB" -s minimumROISize=1000
expect 3 "mask has too few dimensions" "$IMG" "$C/breast1_label_2D.nrrd" -s correctMask=true -s minimumROIDimensions=3
expect 3 "resegmentation" "$IMG" "$LAB" -s "resegmentRange=[100000]"
expect 3 "sitkGaussian is not implemented" "$IMG" "$LAB" -s "resampledPixelSpacing=[1,1,1]" -s interpolator=sitkGaussian
printf 'ID,Image\nx,%s\n' "$IMG" >"$T/m.csv"
expect 2 "no 'Mask' column" --batch "$T/m.csv" -o "$T/o.csv"

# success: -s overrides and a featureClass list, in the list's order, written to -o;
# Mean and Median are PyRadiomics' reference values for breast1 (binWidth does not change them)
printf 'featureClass:\n  firstorder: [Median, Mean]\n' >"$T/ok.yaml"
if "$RMX" extract "$IMG" "$LAB" -p "$T/ok.yaml" -s binWidth=10 -o "$T/ok.csv" 2>"$T/err" &&
  [ "$(cat "$T/ok.csv" | tr '\n' ' ')" = "feature,value original_firstorder_Median,130 original_firstorder_Mean,131.12587412587413 " ]; then
  pass=$((pass + 1))
else
  fail=$((fail + 1))
  echo "FAIL: -p ok.yaml -o ok.csv:"
  cat "$T/ok.csv" "$T/err"
fi
# interpolator: null switches resampling off (PyRadiomics); SimpleITK's number 2 is sitkLinear
printf 'setting:\n  resampledPixelSpacing: [2, 2, 2]\n  interpolator:\n' >"$T/null.yaml"
"$RMX" extract "$IMG" "$LAB" -p "$T/null.yaml" -o "$T/n1.csv" 2>/dev/null
"$RMX" extract "$IMG" "$LAB" -o "$T/n2.csv" 2>/dev/null
"$RMX" extract "$IMG" "$LAB" -s "resampledPixelSpacing=[2,2,2]" -s interpolator=2 -o "$T/n3.csv" 2>/dev/null
"$RMX" extract "$IMG" "$LAB" -s "resampledPixelSpacing=[2,2,2]" -s interpolator=sitkLinear -o "$T/n4.csv" 2>/dev/null
if cmp -s "$T/n1.csv" "$T/n2.csv" && cmp -s "$T/n3.csv" "$T/n4.csv" && ! cmp -s "$T/n2.csv" "$T/n3.csv"; then
  pass=$((pass + 1))
else
  fail=$((fail + 1))
  echo "FAIL: interpolator null / number"
fi
# --timings: one stderr line per stage, the features still on stdout
"$RMX" extract "$IMG" "$LAB" --timings >"$T/t.csv" 2>"$T/t.err"
if grep -q "^timing: read " "$T/t.err" && grep -q "^timing: family glcm " "$T/t.err" &&
  grep -q "^original_glcm_Contrast," "$T/t.csv"; then
  pass=$((pass + 1))
else
  fail=$((fail + 1))
  echo "FAIL: --timings"
  cat "$T/t.err"
fi
# --help goes to stdout with exit 0
if "$RMX" extract --help | grep -q "usage: radiomix extract"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: --help"; fi

# plugin failure (exit 4) and a filter's output through the pipeline, with the
# fixture plugins (fx_scale refuses uint8; fx_count counts ROI voxels). Other
# fixtures in that folder are refused on load, so only the last line is checked.
if [ -n "$FIX" ]; then
  printf 'imageType:\n  Original: {}\n  fx_scale: {factor: 3}\nfeatureClass:\n  fx_count: [Voxels]\n' >"$T/fx.yaml"
  "$RMX" --plugin-path "$FIX" extract "$C/test-image_37x37x37.nrrd" "$C/test-mask_37x37x37.nrrd" \
    -p "$T/fx.yaml" >"$T/out" 2>"$T/err"
  got=$?
  if [ "$got" -eq 4 ] && tail -n 1 "$T/err" | grep -q "filter 'fx_scale' on image type 'fx_scale'.*int16 and double only"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: failing filter -> exit $got (want 4):"
    cat "$T/err"
  fi
  # breast1 has 143 ROI voxels (data/pyradiomics/README.md), on both image types
  if "$RMX" --plugin-path "$FIX" extract "$IMG" "$LAB" -p "$T/fx.yaml" -o "$T/fx.csv" 2>/dev/null &&
    [ "$(tr '\n' ' ' <"$T/fx.csv")" = "feature,value original_fx_count_Voxels,143 fx_scale_fx_count_Voxels,143 " ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: fixture filter + family:"
    cat "$T/fx.csv"
  fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
