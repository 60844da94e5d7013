#!/bin/sh
# Loads the fixture folder and checks that each bad plugin is refused with a
# clear one-line message while the good one and the host carry on.
exe=$1 dir=$2
out=$("$exe" --plugin-path "$dir" plugins --refused 2>/tmp/rmx-fixtures-stderr.$$)
rc=$?
err=$(cat /tmp/rmx-fixtures-stderr.$$); rm -f /tmp/rmx-fixtures-stderr.$$
pass=0 fail=0
check() { # description, haystack, needle
  if printf '%s\n' "$2" | grep -qF -- "$3"; then pass=$((pass+1)); echo "ok: $1"
  else fail=$((fail+1)); echo "FAIL: $1: expected '$3'"; fi
}
[ $rc -eq 0 ] && { pass=$((pass+1)); echo "ok: host exits 0 despite bad plugins"; } || { fail=$((fail+1)); echo "FAIL: exit code $rc"; }
check "good filter listed" "$out" "fx_scale"
check "good family listed" "$out" "fx_count"
check "good selector listed" "$out" "fx_variance"
check "good classifier listed" "$out" "fx_prior"
check "version and ABI shown" "$out" "1.2.3     1.1"
check "wrong major refused" "$out" "abi_major.so: plugin 'fixture_abi_major' was built for SDK 2.0, this host provides 1.1 (the major version must match)"
check "newer minor refused" "$out" "abi_minor.so: plugin 'fixture_abi_minor' was built for SDK 1.2, this host provides 1.1 (rebuild it against this SDK or upgrade radiomix)"
check "missing entry point" "$out" "no_init.so: plugin 'fixture_no_init' has no entry point 'rmx_plugin_init'"
check "init failure" "$out" "init_fails.so: plugin 'fixture_init_fails' failed to initialise: licence server unreachable"
check "unresolved symbol at load" "$out" "unresolved.so: cannot load:"
check "unresolved symbol named" "$out" "rmx_fixture_symbol_nobody_defines"
check "broken file" "$out" "broken.so: cannot load:"
check "name clash" "$out" "z_clash.so: plugin 'fixture_clash' failed to initialise: filter 'fx_scale' is already registered by"
check "refusals warned on stderr" "$err" "radiomix: warning: $dir/no_init.so"
if printf '%s\n' "$out" | grep -q "fx_orphan"; then fail=$((fail+1)); echo "FAIL: failed init's component survived"
else pass=$((pass+1)); echo "ok: failed init rolled back"; fi
n=$(printf '%s\n' "$err" | grep -c "warning")
[ "$n" -eq 7 ] && { pass=$((pass+1)); echo "ok: one warning line per refused file"; } || { fail=$((fail+1)); echo "FAIL: $n warning lines, expected 7"; }
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
