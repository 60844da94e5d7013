#!/usr/bin/env bash
# log_repeats.sh RADIOMIX: a plugin warning repeated by several fits is shown
# once, and its repeats are counted in one line at exit (host/ctx.c).
set -euo pipefail
rmx=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat >"$dir/fits.lua" <<'LUA'
local n, a, b, y = 40, {}, {}, {}
for i = 1, n do a[i] = i; b[i] = (i * 7) % 11; y[i] = i > n / 2 and 1 or 0 end
local t = radiomix.new_table{names = {"a", "b"}, columns = {a, b}, label = y}
local spec = {scaler = "zscore", classifier = {name = "mlp", params = {max_iter = 1}}}
for _ = 1, 3 do radiomix.fit_pipeline(t, spec) end
print("fitted 3")
LUA
out=$("$rmx" run "$dir/fits.lua" 2>"$dir/err")
fail=0
check() { if eval "$2"; then echo "ok $1"; else echo "FAIL $1"; fail=1; fi; }
w='radiomix: warning: mlp: stopped at max_iter=1 epochs before the loss settled'
check "script ran" '[ "$out" = "fitted 3" ]'
check "warning shown once" '[ "$(grep -cxF "$w" "$dir/err")" = 1 ]'
check "repeats counted at exit" '[ "$(tail -n 1 "$dir/err")" = "$w (2 more times)" ]'
check "nothing else on stderr" '[ "$(wc -l <"$dir/err")" = 2 ]'
[ $fail = 0 ] || { echo "stderr was:"; cat "$dir/err"; }
exit $fail
