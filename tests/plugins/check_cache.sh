#!/bin/sh
# The plugin registry cache ($XDG_CACHE_HOME/radiomix/plugins-1-HASH.cache) that
# lets 'radiomix extract' open only the plugins it needs: same results cold
# and warm, a changed plugin file or a corrupt cache never trusted, refusals
# reported on every run, 'radiomix plugins' still listing everything.
exe=$1 fix=$2 img=$3 msk=$4
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache"
dir="$tmp/plugins"
mkdir "$dir"
cp "$fix/good.so" "$dir/a.so"
printf 'imageType:\n  Original: {}\nfeatureClass:\n  fx_count:\n' > "$tmp/p.yaml"
pass=0 fail=0
ok() { pass=$((pass+1)); echo "ok: $1"; }
no() { fail=$((fail+1)); echo "FAIL: $1"; }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }
run() { # output CSV, then extra arguments; stderr to $tmp/err
  out=$1; shift
  "$exe" --plugin-path "$dir" "$@" extract "$img" "$msk" -p "$tmp/p.yaml" -o "$out" 2>"$tmp/err"
}

run "$tmp/cold.csv"
check "cold run succeeds" '[ $? -eq 0 ] && grep -q "^original_fx_count_Voxels," "$tmp/cold.csv"'
cache=$(ls "$XDG_CACHE_HOME"/radiomix/plugins-1-*.cache 2>/dev/null)
check "cache written, one file for this search path" '[ -f "$cache" ] && [ "$(ls "$XDG_CACHE_HOME/radiomix" | wc -l)" -eq 1 ]'
check "cache lists the plugin and its components" \
  'grep -q "	fixture_good	$dir/a.so\$" "$cache" && grep -q "^C	2	fx_count\$" "$cache"'
check "cache lists the installed plugins" 'grep -q "/glcm.so\$" "$cache"'

LD_DEBUG=files run "$tmp/warm.csv"
check "warm run gives the same CSV" 'cmp -s "$tmp/cold.csv" "$tmp/warm.csv"'
check "warm run opens the needed plugin" 'grep -q "calling init: $dir/a.so" "$tmp/err"'
check "warm run leaves unneeded plugins closed" '! grep -q "calling init: .*/glcm.so" "$tmp/err"'

# A changed file is opened again: the same plugin moves to b.so, a.so
# becomes a refused one; the cache must follow.
cp "$fix/no_init.so" "$dir/a.so"
cp "$fix/good.so" "$dir/b.so"
run "$tmp/moved.csv"
check "changed plugin file: still extracts" 'cmp -s "$tmp/cold.csv" "$tmp/moved.csv"'
check "changed plugin file: refusal warned" 'grep -q "radiomix: warning: $dir/a.so: plugin .fixture_no_init. has no entry point" "$tmp/err"'
check "changed plugin file: cache updated" \
  'grep -q "		$dir/a.so\$" "$cache" && grep -q "	fixture_good	$dir/b.so\$" "$cache"'
run "$tmp/moved2.csv"
check "refusal warned again on a warm run" 'grep -q "radiomix: warning: $dir/a.so: plugin .fixture_no_init. has no entry point" "$tmp/err"'

printf 'radiomix-plugin-cache 1\tgarbage\n\x01\x02F\tnot numbers\n' > "$cache"
run "$tmp/corrupt.csv"
check "corrupt cache ignored" 'cmp -s "$tmp/cold.csv" "$tmp/corrupt.csv"'
check "corrupt cache rewritten" 'head -1 "$cache" | grep -q "^radiomix-plugin-cache 1	[0-9]" && grep -q "/b.so\$" "$cache"'

XDG_CACHE_HOME=/dev/null/none run "$tmp/nocache.csv"
check "unwritable cache folder: still extracts" 'cmp -s "$tmp/cold.csv" "$tmp/nocache.csv"'

# The fixture folder (a new search path, so a cold cache first): every
# refusal still reported by extract, cold and warm.
for pass_name in cold warm; do
  "$exe" --plugin-path "$fix" extract "$img" "$msk" -p "$tmp/p.yaml" -o "$tmp/fx.csv" 2>"$tmp/err"
  n=$(grep -c "radiomix: warning" "$tmp/err")
  check "extract with the fixtures ($pass_name): 7 refusals warned" '[ "$n" -eq 7 ] && cmp -s "$tmp/cold.csv" "$tmp/fx.csv"'
done
check "another search path, another cache file" '[ "$(ls "$XDG_CACHE_HOME/radiomix" | wc -l)" -eq 2 ]'
out=$("$exe" --plugin-path "$fix" plugins 2>/dev/null)
check "plugins lists everything after lazy runs" \
  'printf "%s\n" "$out" | grep -q fx_prior && printf "%s\n" "$out" | grep -q "classifier *rbf_svm"'

# Plugin libraries (OpenBLAS for glcm and shape) opened first in their own
# scope (RTLD_DEEPBIND) or not: the same features.
"$exe" extract "$img" "$msk" -o "$tmp/deep.csv" 2>/dev/null
RADIOMIX_NO_DEEPBIND=1 "$exe" extract "$img" "$msk" -o "$tmp/nodeep.csv" 2>/dev/null
check "dependencies opened first or not: same features" \
  'grep -q "^original_glcm_MCC," "$tmp/deep.csv" && cmp -s "$tmp/deep.csv" "$tmp/nodeep.csv"'

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
