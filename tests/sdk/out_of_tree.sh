#!/bin/sh
# Installs radiomix into a temporary prefix, builds a plugin outside the
# tree twice (pkg-config only; the CMake package), and loads both.
set -u
build=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null || fail "cmake --install"
pc=$(ls -d "$tmp"/prefix/lib*/pkgconfig 2>/dev/null | head -n1)
[ -f "$pc/radiomix-sdk.pc" ] || fail "radiomix-sdk.pc not installed"
mkdir -p "$tmp/plugins"
cflags=$(PKG_CONFIG_PATH=$pc pkg-config --cflags radiomix-sdk) || fail "pkg-config radiomix-sdk"
cc -std=c11 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden $cflags -DHELLO_NAME='"hello_pc"' \
  "$src/consumer/hello.c" -o "$tmp/plugins/hello_pc.so" || fail "compile with pkg-config flags"
cmake -S "$src/consumer" -B "$tmp/cbuild" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null || fail "configure with the CMake package"
cmake --build "$tmp/cbuild" >/dev/null || fail "build with the CMake package"
cp "$tmp/cbuild/hello_cmake.so" "$tmp/plugins/" || fail "no hello_cmake.so"
out=$("$tmp/prefix/bin/radiomix" --plugin-path "$tmp/plugins" plugins) || fail "installed radiomix plugins"
pass=0
for name in hello_pc hello_cmake clip; do
  printf '%s\n' "$out" | grep -q "^filter *$name " || fail "$name not listed by the installed host"
  pass=$((pass+1)); echo "ok: $name loaded by the installed host"
done
cat > "$tmp/use.lua" <<'LUA'
local v = radiomix.new_volume{dims = {2, 2, 1}}
v:set(1, 1, 1, 5)
local a = radiomix.apply_filter("hello_pc", v, {offset = 2}).hello_pc
local b = radiomix.apply_filter("hello_cmake", v).hello_cmake
assert(a:get(1, 1, 1) == 7 and b:get(1, 1, 1) == 6, "offsets applied")
print("ok: both out-of-tree plugins run")
LUA
RADIOMIX_PLUGIN_PATH="$tmp/plugins" "$tmp/prefix/bin/radiomix" run "$tmp/use.lua" || fail "running the plugins"
echo "$((pass+1)) passed, 0 failed"
