#!/bin/sh
# gen.sh: writes the hostile inputs of the bad-input catalogue into folder $1 (small text-built files).
set -eu
T=$1
mkdir -p "$T/sub/deeper"
cd "$T"

# ascii_data N EXPR: N voxel values, one per line; EXPR in awk over i (0-based index)
ascii_data() { awk -v n="$1" "BEGIN { for (i = 0; i < n; i++) print $2 }"; }

# nrrd FILE TYPE SIZES EXTRA-HEADER-LINES: a NRRD header (no data)
nrrd() {
  printf 'NRRD0004\ntype: %s\ndimension: %s\nsizes: %s\n%s' "$2" "$(echo "$3" | wc -w)" "$3" "$4" >"$1"
}
GEO='space: left-posterior-superior
space directions: (1,0,0) (0,1,0) (0,0,1)
space origin: (0,0,0)
'

# A valid 8x8x8 image (int16) and a 4x4x4 cube mask (label 1), ASCII-encoded.
nrrd img.nrrd short "8 8 8" "${GEO}encoding: ascii

"
ascii_data 512 '(i * 37) % 101 - 20' >>img.nrrd
nrrd mask.nrrd uchar "8 8 8" "${GEO}encoding: ascii

"
ascii_data 512 '(i % 8 >= 2 && i % 8 < 6 && int(i / 8) % 8 >= 2 && int(i / 8) % 8 < 6 && int(i / 64) >= 2 && int(i / 64) < 6) ? 1 : 0' >>mask.nrrd

# --- NRRD headers and data
raw() { nrrd "$1" "$2" "$3" "$4encoding: raw
endian: little

"; }
raw huge.nrrd short "100000 100000 100000" "$GEO"
raw overflow.nrrd double "4294967295 4294967295 4294967295" "$GEO"
raw zero_size.nrrd short "0 8 8" "$GEO"
raw neg_size.nrrd short "-8 8 8" "$GEO"
raw zero_spacing.nrrd short "8 8 8" "spacings: 0 1 1
"
raw neg_spacing.nrrd short "8 8 8" "spacings: 1 -2 1
"
raw zero_dir.nrrd short "8 8 8" "space: left-posterior-superior
space directions: (0,0,0) (0,1,0) (0,0,1)
"
raw degenerate_dir.nrrd short "8 8 8" "space: left-posterior-superior
space directions: (1,0,0) (2,0,0) (0,0,1)
"
raw nan_dir.nrrd short "8 8 8" "space: left-posterior-superior
space directions: (nan,0,0) (0,1,0) (0,0,1)
"
raw inf_origin.nrrd short "8 8 8" "space: left-posterior-superior
space directions: (1,0,0) (0,1,0) (0,0,1)
space origin: (inf,0,0)
"
raw truncated.nrrd short "8 8 8" "$GEO"
head -c 100 /dev/zero >>truncated.nrrd
nrrd bad_endian.nrrd short "8 8 8" "${GEO}encoding: raw
endian: middle

"
head -c 1024 /dev/zero >>bad_endian.nrrd
nrrd no_endian.nrrd short "8 8 8" "${GEO}encoding: raw

"
head -c 1024 /dev/zero >>no_endian.nrrd
nrrd bad_gzip.nrrd short "8 8 8" "${GEO}encoding: gzip
endian: little

"
printf 'this is not gzip data at all, just text\n' >>bad_gzip.nrrd
nrrd empty_gzip.nrrd short "8 8 8" "${GEO}encoding: gzip
endian: little

"
head -c 1024 /dev/zero | gzip -c >gz.tmp
nrrd trunc_gzip.nrrd short "8 8 8" "${GEO}encoding: gzip
endian: little

"
head -c 12 gz.tmp >>trunc_gzip.nrrd
nrrd corrupt_gzip.nrrd short "8 8 8" "${GEO}encoding: gzip
endian: little

"
# gzip magic, then garbage
printf '\037\213\010\000\000\000\000\000\000\003garbage-garbage-garbage' >>corrupt_gzip.nrrd
rm -f gz.tmp
nrrd bad_ascii.nrrd short "8 8 8" "${GEO}encoding: ascii

"
printf '1 2 3 x y z\n' >>bad_ascii.nrrd
nrrd img2d.nrrd short "8 8" "space: left-posterior-superior
space directions: (1,0,0) (0,1,0)
encoding: ascii

"
ascii_data 64 'i % 13' >>img2d.nrrd
nrrd mask2d.nrrd uchar "8 8" "space: left-posterior-superior
space directions: (1,0,0) (0,1,0)
encoding: ascii

"
ascii_data 64 '(i % 8 >= 2 && i % 8 < 6 && int(i / 8) >= 2 && int(i / 8) < 6) ? 1 : 0' >>mask2d.nrrd
nrrd img4d.nrrd short "2 8 8 8" "encoding: ascii

"
ascii_data 1024 '1' >>img4d.nrrd
nrrd img1d.nrrd short "8" "encoding: ascii

"
ascii_data 8 '1' >>img1d.nrrd
nrrd vector.nrrd short "3 8 8 8" "kinds: 3-vector domain domain domain
encoding: ascii

"
ascii_data 1536 '1' >>vector.nrrd
nrrd rgb.nrrd uchar "3 8 8" "kinds: RGB-color domain domain
encoding: ascii

"
ascii_data 192 '1' >>rgb.nrrd
raw bad_type.nrrd quaternion "8 8 8" ""
raw block.nrrd block "8 8 8" "block size: 4
"
raw bad_field.nrrd short "8 8 8" "frobnicate: 12
"
printf 'NRRD0004\ntype: short\n' >no_sizes.nrrd
printf '\211PNG\r\n\032\n' >png.nrrd
: >empty.nrrd
printf 'NRRD0004\n' >magic_only.nrrd
mkdir -p folder.nrrd

# Detached headers (.nhdr) pointing at missing or hostile data files.
det() { nrrd "$1" short "8 8 8" "${GEO}encoding: raw
endian: little
data file: $2
"; }
det det_missing.nhdr no_such_file.raw
det det_dev_zero.nhdr /dev/zero
det det_urandom.nhdr /dev/urandom
det det_passwd.nhdr ../../../../../../../../../../../../etc/passwd
det sub/deeper/det_escape.nhdr ../../../../../../../../etc/hostname
det det_self.nhdr det_self.nhdr
det det_folder.nhdr sub
mkfifo fifo.raw 2>/dev/null || true
det det_fifo.nhdr fifo.raw
nrrd det_list.nhdr short "8 8 8" "${GEO}encoding: raw
endian: little
data file: slice%03d.raw 0 99999 1 2
"
head -c 1024 /dev/zero >ok.raw
nrrd det_skip.nhdr short "8 8 8" "${GEO}encoding: raw
endian: little
byte skip: 1000000000
data file: ok.raw
"
nrrd det_lineskip.nhdr short "8 8 8" "${GEO}encoding: raw
endian: little
line skip: 1000000000
data file: ok.raw
"
mkfifo fifo.nrrd 2>/dev/null || true
ln -sf /dev/zero devzero.nrrd
ln -sf /dev/urandom urandom.nrrd

# --- Images with non-finite voxels (float) under the ROI.
nrrd nan_img.nrrd float "8 8 8" "${GEO}encoding: ascii

"
ascii_data 512 '(i == 146) ? "nan" : i % 17' >>nan_img.nrrd
nrrd inf_img.nrrd float "8 8 8" "${GEO}encoding: ascii

"
ascii_data 512 '(i == 146) ? "inf" : i % 17' >>inf_img.nrrd
nrrd nan_out.nrrd float "8 8 8" "${GEO}encoding: ascii

"
ascii_data 512 '(i == 0) ? "nan" : i % 17' >>nan_out.nrrd

# --- Masks
mask_of() { # FILE EXPR [extra geometry]
  nrrd "$1" uchar "8 8 8" "${3:-$GEO}encoding: ascii

"
  ascii_data 512 "$2" >>"$1"
}
mask_of mask_empty.nrrd 0
mask_of mask_one.nrrd '(i == 200) ? 1 : 0'
mask_of mask_line.nrrd '(int(i / 64) == 3 && int(i / 8) % 8 == 3 && i % 8 >= 2 && i % 8 < 6) ? 1 : 0'
mask_of mask_label2.nrrd '(i >= 128 && i < 384) ? 2 : 0'
mask_of mask_spacing.nrrd '(i >= 128 && i < 384) ? 1 : 0' "space: left-posterior-superior
space directions: (2,0,0) (0,1,0) (0,0,1)
space origin: (0,0,0)
"
mask_of mask_origin.nrrd '(i >= 128 && i < 384) ? 1 : 0' "space: left-posterior-superior
space directions: (1,0,0) (0,1,0) (0,0,1)
space origin: (5,0,0)
"
nrrd mask_size.nrrd uchar "8 8 7" "${GEO}encoding: ascii

"
ascii_data 448 '1' >>mask_size.nrrd
nrrd mask_float.nrrd float "8 8 8" "${GEO}encoding: ascii

"
ascii_data 512 '(i == 200) ? "nan" : ((i >= 128 && i < 384) ? 1 : 0)' >>mask_float.nrrd

# --- Parameter files
printf 'setting:\n  binWidth: 5\n  binWidht: 5\n' >p_unknown.yaml
printf 'setting:\n  binWidth: wide\n' >p_type.yaml
printf 'setting:\n  binWidth: -5\n' >p_range.yaml
printf 'setting:\n  binCount: 0\n' >p_bincount.yaml
printf 'setting:\n  distances: [1, 0]\n' >p_distances.yaml
printf 'setting:\n  binWidth: [1\n' >p_syntax.yaml
printf 'setting:\n\tbinWidth: 5\n' >p_tab.yaml
printf -- '- a\n- b\n' >p_list.yaml
printf 'setting: 12\n' >p_scalar.yaml
printf 'setting:\n  binWidth: \377\376\n' >p_utf8.yaml
printf 'imageType:\n  NoSuchFilter: {}\n' >p_filter.yaml
printf 'featureClass:\n  glcm: [NoSuchFeature]\n' >p_feature.yaml
printf 'setting:\n  resampledPixelSpacing: [1, 1]\n' >p_resample.yaml
printf 'setting:\n  interpolator: sitkMagic\n  resampledPixelSpacing: [1, 1, 1]\n' >p_interp.yaml
printf 'setting:\n  label: 1.5\n' >p_label.yaml
printf 'setting:\n  binWidth: 1e400\n' >p_inf.yaml
printf 'setting:\n  binWidth: .nan\n' >p_nan.yaml
# billion laughs: aliases must not expand exponentially
{
  printf 'a: &a [x, x, x, x, x, x, x, x, x, x]\n'
  for l in b c d e f g h i j; do
    p=$(printf '%s' "$l" | tr 'b-j' 'a-i')
    printf '%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n' "$l" "$l" "$p" "$p" "$p" "$p" "$p" "$p" "$p" "$p" "$p" "$p"
  done
  printf 'setting:\n  binWidth: 5\n'
} >p_laughs.yaml
# 20000 nested flow sequences
{
  printf 'setting:\n  distances: '
  awk 'BEGIN { for (i = 0; i < 20000; i++) printf "["; for (i = 0; i < 20000; i++) printf "]"; print "" }'
} >p_deep.yaml
printf 'return {setting = {binWidth = }\n' >p_syntax.lua
printf 'error("parameter script fails")\n' >p_error.lua
printf 'while true do end\n' >p_loop.lua

# --- Manifests
printf 'ID,Image,Mask\na,img.nrrd,mask.nrrd\nb,missing.nrrd,mask.nrrd\n' >m_missing.csv
printf 'ID,Image,Mask\na,img.nrrd,mask.nrrd\na,img.nrrd,mask.nrrd\n' >m_dupid.csv
printf 'ID,Image,Mask\n' >m_empty.csv
printf 'ID,Image\na,img.nrrd\n' >m_nomask.csv
printf 'ID,Image,Mask\na,img.nrrd\n' >m_ragged.csv
printf 'ID,Image,Mask,Label\na,img.nrrd,mask.nrrd,two\n' >m_label.csv
printf 'ID,Image,Mask\na,img.nrrd,mask.nrrd\nb,huge.nrrd,mask.nrrd\nc,img.nrrd,mask_empty.nrrd\n' >m_mixed.csv
printf 'ID,Image,Mask\n"a,img.nrrd,mask.nrrd\n' >m_quote.csv

# --- CSV tables for radiomix.read_table
printf 'id,f1,f2,label\na,1,2,0\nb,3,1\n' >t_ragged.csv
printf 'id,f1,f2,label\na,1,2,0\nb,3,x,1\n' >t_text.csv
printf 'id,f1,f1,label\na,1,2,0\n' >t_dupcol.csv
: >t_empty.csv
printf 'id,f1,label\n"a,1,0\n' >t_quote.csv
printf 'id,f1,label\na,1e999x,0\n' >t_number.csv
printf 'id,f1,label\r\na,1\r,0\n' >t_cr.csv

# --- Lua scripts that raise errors
printf 'local x = 1\nerror("boom at line two")\n' >s_error.lua
printf 'local function f()\n  local t = nil\n  return t.field\nend\nf()\n' >s_index.lua
printf 'local x = = 1\n' >s_syntax.lua
printf 'local function r(n) return 1 + r(n + 1) end\nr(1)\n' >s_recurse.lua
printf 'error({code = 1})\n' >s_table.lua
printf 'os.exit(7)\n' >s_exit.lua

# --- Parameter files selecting the fixture plugin's faulty components
printf 'imageType:\n  Original: {}\n  fx_fail_filter: {}\nfeatureClass:\n  firstorder: [Mean]\n' >p_fail_filter.yaml
printf 'featureClass:\n  firstorder: [Mean]\n  fx_fail_family:\n' >p_fail_family.yaml
printf 'featureClass:\n  fx_nan_family:\n' >p_nan_family.yaml
printf 'featureClass:\n  fx_crash_family:\n' >p_crash_family.yaml

# --- Lua scripts driving faulty selectors and classifiers through a pipeline
cat >s_pipeline.lua <<'LUA'
-- usage: s_pipeline.lua SELECTOR CLASSIFIER: fits a pipeline on a small table and predicts
local n, a, b, y = 20, {}, {}, {}
for i = 1, n do a[i] = i; b[i] = (i * 7) % 11; y[i] = i > n / 2 and 1 or 0 end
local t = radiomix.new_table{names = {"a", "b"}, columns = {a, b}, label = y}
local spec = {scaler = "zscore", classifier = {name = arg[2]}}
if arg[1] ~= "none" then spec.selector = {name = arg[1], k = 1} end
local p = radiomix.fit_pipeline(t, spec)
local pr = p:predict(t)
print(pr[1])
LUA
printf 'local t = {}\nfor i = 1, 1e9 do t[i] = {i, i, i} end\nreturn t\n' >p_memory.lua
printf 'ID,Image,Mask\na,img.nrrd,mask.nrrd\nb,img.nrrd,mask_label2.nrrd\nc,img2d.nrrd,mask2d.nrrd\nd,huge.nrrd,mask.nrrd\n' >m_isolate.csv
printf '\357\273\277ID,Image,Mask\r\na,img.nrrd,mask.nrrd\r\n' >m_bom_crlf.csv
