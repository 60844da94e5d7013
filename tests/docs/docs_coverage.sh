#!/bin/sh
# docs_coverage.sh ROOT [--list]
#
# Every public name must appear in ROOT/docs/*.md. The names are read from the
# source tree, never from a list kept by hand:
#   sdk      every identifier of sdk/radiomix/*.h (functions, macros, types,
#            enum constants, the plugin entry points and rmx_host), every
#            function member of RmxHostApi and of the component classes, and
#            the CMake package's functions and variables;
#   lua      every function and field the 'radiomix' module exposes (luaL_Reg
#            tables, lua_setfield on the module, the fields of luaopen_*),
#            every object method (luaL_Reg 'methods' tables) and member read
#            by an __index function (strcmp(k, "...")), globals set with
#            lua_setglobal: in host/lua_*.c and host/*_lua.c; the modules of
#            scripts/lib/ and their public functions and fields (M.x, M:x);
#   cli      every command (main.c's table), every 'learn' subcommand, every
#            long option in a string literal of host/main.c, cli.c, cmd_*.c
#            and lua_run.c (option tables, strcmp tests and --help texts),
#            every RADIOMIX_* environment variable host/ or plugins/ reads.
# A name counts as documented only in the form a reader meets it:
# radiomix.f( or radiomix.f{ for a module function, x:NAME for a method,
# `member or ->member for a struct member, MOD.f( for a workflow module's
# function, --option, `command or "radiomix command", "learn sub"; SDK
# identifiers and environment variables as whole words.
# Limits: a method counts as documented when any object's method of that
# name is (Volume, Table and Pipeline all have close); options are checked
# across all docs, not per command.
#
# Prints each missing name with where it comes from and fails. Then checks
# that it can fail: with the lines naming three sample entries removed from a
# copy of the docs, the check must report exactly those as missing.
# --list prints every entry (category, name, regex, source) and exits.
# Pure sh + awk + grep; no network.
set -u
LC_ALL=C
export LC_ALL
root=${1:?usage: docs_coverage.sh ROOT [--list]}
mode=${2:-check}
cd "$root" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# ---------------------------------------------------------------- collect
# One line per name: category TAB name TAB regex TAB source. A regex is
# matched against all docs joined by newlines (one newline before and after),
# so a boundary class like [^A-Za-z0-9_] also matches at a line's ends.
W='[^A-Za-z0-9_]'

collect_sdk() {
  awk -v W="$W" '
  function strip(s,   out, p, q) {   # drops /* */ and // comments
    out = ""
    while (s != "") {
      if (inc) { p = index(s, "*/"); if (!p) return out; s = substr(s, p + 2); inc = 0; continue }
      p = index(s, "/*"); q = index(s, "//")
      if (q && (!p || q < p)) return out substr(s, 1, q - 1)
      if (!p) return out s
      out = out substr(s, 1, p - 1) " "; s = substr(s, p + 2); inc = 1
    }
    return out
  }
  FNR == 1 { inc = 0; st = "" }
  {
    c = strip($0)
    if (match(c, /typedef struct [A-Za-z0-9_]+ *\{/)) { st = substr(c, RSTART + 15, RLENGTH - 15); sub(/ *\{$/, "", st) }
    if (c ~ /^\}/) st = ""
    if (c !~ /typedef/ && match(c, /\(\*[A-Za-z_][A-Za-z0-9_]*\)/)) {
      m = substr(c, RSTART + 2, RLENGTH - 3)
      cat = (st == "RmxHostApi") ? "sdk host member" : "sdk callback of " st
      print cat "\t" m "\t(`|->|\\.)" m W "\t" FILENAME
    }
    rest = " " c
    while (match(rest, /[^A-Za-z0-9_](RMX_|Rmx|rmx_)[A-Za-z0-9_]*/)) {
      m = substr(rest, RSTART + 1, RLENGTH - 1); rest = substr(rest, RSTART + RLENGTH)
      if (!(m in seen)) { seen[m] = 1; print "sdk\t" m "\t" W m W "\t" FILENAME }
    }
  }' sdk/radiomix/*.h
  # The CMake package: its functions and variables; the pkg-config name.
  awk -v W="$W" '
  match($0, /^(function|set)\([A-Za-z_][A-Za-z0-9_]*/) {
    m = substr($0, RSTART, RLENGTH); sub(/^[a-z]*\(/, "", m)
    print "sdk cmake\t" m "\t" W m W "\t" FILENAME
  }' sdk/RadiomixSdkConfig.cmake.in
  awk '/^Name: / { print "sdk pkg-config\t" $2 "\t[^A-Za-z0-9_-]" $2 "[^A-Za-z0-9_-]\t" FILENAME }' sdk/radiomix-sdk.pc.in
}

collect_lua() {
  awk -v W="$W" '
  function emit(cat, m, re) {
    if (m ~ /^__/ || (cat SUBSEP m) in seen) return
    seen[cat, m] = 1
    print cat "\t" m "\t" re "\t" FILENAME
  }
  # a function is named with its arguments: radiomix.f(...) or radiomix.f{...}
  function modfn(m) { emit("lua function", m, W "radiomix\\." m "[({]") }
  function modfield(m) { emit("lua field", m, W "radiomix\\." m W) }
  FNR == 1 { fn = ""; inreg = 0 }
  # the function a line is in: a definition starts in column 0
  /^[A-Za-z].*\(/ && !/;[ \t]*$/ && !/^(static )?(const )?[A-Za-z_]+ [A-Za-z_]+\[\]/ {
    s = $0; sub(/\(.*/, "", s); sub(/.*[ *]/, "", s); fn = s
  }
  {
    line = $0
    if (match(line, /luaL_Reg[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*\[\]/)) {
      tname = substr(line, RSTART + 8, RLENGTH - 8); gsub(/[ \t\[\]]/, "", tname)
      inreg = 1; line = substr(line, RSTART + RLENGTH)
    }
    if (inreg) {
      rest = line
      while (match(rest, /\{"[^"]*"/)) {
        m = substr(rest, RSTART + 2, RLENGTH - 3); rest = substr(rest, RSTART + RLENGTH)
        if (tname ~ /meta/) continue
        if (tname ~ /method/) emit("lua method", m, "[A-Za-z0-9_]:" m W)
        else modfn(m)
      }
      if (line ~ /\};/) inreg = 0
    }
    if (match(line, /lua_setfield\(L, *mod, *"[^"]*"/)) {
      m = substr(line, RSTART, RLENGTH); sub(/.*, *"/, "", m); sub(/"$/, "", m); modfn(m)
    }
    if (fn ~ /^luaopen_/ && match(line, /lua_setfield\(L, *-2, *"[^"]*"/)) {
      m = substr(line, RSTART, RLENGTH); sub(/.*, *"/, "", m); sub(/"$/, "", m); modfield(m)
    }
    if (fn ~ /_index$/ && match(line, /strcmp\(k, *"[^"]*"/)) {
      m = substr(line, RSTART, RLENGTH); sub(/.*, *"/, "", m); sub(/"$/, "", m)
      emit("lua object member", m, "[A-Za-z0-9_][.:]" m W)
    }
    if (match(line, /lua_setglobal\(L, *"[^"]*"/)) {
      m = substr(line, RSTART, RLENGTH); sub(/.*, *"/, "", m); sub(/"$/, "", m)
      emit("lua global", m, "`" m W)
    }
  }' host/lua_*.c host/*_lua.c
  # Workflow modules (require("NAME")): each module, its M.x and M:x.
  awk -v W="$W" '
  FNR == 1 {
    mod = FILENAME; sub(/.*\//, "", mod); sub(/\.lua$/, "", mod)
    print "lua module\t" mod "\t" W mod "\\.lua" W "\t" FILENAME
  }
  match($0, /^function M\.[A-Za-z_][A-Za-z0-9_]*/) || match($0, /^M\.[A-Za-z_][A-Za-z0-9_]* *=/) {
    m = substr($0, RSTART, RLENGTH); sub(/^(function )?M\./, "", m); sub(/ *=$/, "", m)
    rhs = substr($0, RSTART + RLENGTH); sub(/^[ \t]*/, "", rhs)
    if (m ~ /^__/) next
    if ($0 ~ /^M\./ && rhs ~ /^[{"0-9]/)   # a data field: named as such
      print "lua module field\t" mod "." m "\t" W mod "\\." m W "\t" FILENAME
    else                                  # a function: named with its arguments
      print "lua module function\t" mod "." m "\t" W mod "\\." m " *\\(\t" FILENAME
  }
  match($0, /^function M:[A-Za-z_][A-Za-z0-9_]*/) {
    m = substr($0, RSTART + 11, RLENGTH - 11)
    print "lua module method\t" mod ":" m "\t[A-Za-z0-9_]:" m W "\t" FILENAME
  }' scripts/lib/*.lua
}

collect_cli() {
  awk '
  FNR == 1 { seen_file = FILENAME }
  FILENAME ~ /main\.c$/ && match($0, /\{"[a-z-]+", *rmx_cmd_/) {
    m = substr($0, RSTART + 2, RLENGTH - 2); sub(/".*/, "", m)
    print "cli command\t" m "\t(`|radiomix )" m "[^A-Za-z0-9_-]\t" FILENAME
  }
  {
    rest = $0
    while (match(rest, /strcmp\((argv\[1\]|o\.cmd|o->cmd), *"[a-z]+"\)/)) {
      m = substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH)
      sub(/^[^"]*"/, "", m); sub(/".*/, "", m)
      if (!(("learn " m) in seen)) { seen["learn " m] = 1; print "cli learn subcommand\t" m "\tlearn " m "[^A-Za-z0-9_-]\t" FILENAME }
    }
    line = $0
    gsub(/\x27(\\.|[^\x27\\])\x27/, "0", line)   # C char literals, e.g. the quote character
    while (match(line, /"([^"\\]|\\.)*"/)) {
      lit = " " substr(line, RSTART + 1, RLENGTH - 2) " "; line = substr(line, RSTART + RLENGTH)
      while (match(lit, /[^A-Za-z0-9-]--[a-z][a-z0-9-]*/)) {
        m = substr(lit, RSTART + 3, RLENGTH - 3); lit = substr(lit, RSTART + RLENGTH)
        if (!(m in opt)) { opt[m] = 1; print "cli option\t--" m "\t[^A-Za-z0-9-]--" m "[^A-Za-z0-9-]\t" FILENAME }
      }
    }
  }' host/main.c host/cli.c host/cmd_*.c host/lua_run.c
  # Environment variables of radiomix's own that the host or a plugin reads.
  find host plugins -name '*.c' | LC_ALL=C sort | xargs awk '
  {
    rest = $0
    while (match(rest, /getenv\("RADIOMIX_[A-Z0-9_]*"\)/)) {
      m = substr(rest, RSTART + 8, RLENGTH - 10); rest = substr(rest, RSTART + RLENGTH)
      if (!(m in seen)) { seen[m] = 1; print "cli environment\t" m "\t[^A-Za-z0-9_]" m "[^A-Za-z0-9_]\t" FILENAME }
    }
  }'
}

{ collect_sdk; collect_lua; collect_cli; } >"$tmp/names" || exit 1

if [ "$mode" = "--list" ]; then cat "$tmp/names"; exit 0; fi

# A broken extraction must not pass by finding nothing.
count() { awk -F'\t' -v p="$1" 'index($1, p) == 1 { n++ } END { print n + 0 }' "$tmp/names"; }
n_sdk=$(count sdk) n_lua=$(count lua) n_cli=$(count cli)
if [ "$n_sdk" -lt 90 ] || [ "$n_lua" -lt 95 ] || [ "$n_cli" -lt 35 ]; then
  echo "docs_coverage: extraction found too few names (sdk $n_sdk, lua $n_lua, cli $n_cli): the parsers no longer match the sources"
  echo "0 passed, 1 failed"
  exit 1
fi

# ------------------------------------------------------------------ check
# check DOCS_DIR: prints "missing: category name (source)" per missing name.
check() {
  cat "$1"/*.md | awk -F'\t' '
  NR == FNR { docs = docs $0 "\n"; next }
  FNR == 1 { docs = "\n" docs }
  !(docs ~ $3) { print "missing: " $1 " " $2 " (" $4 ")" }' - "$tmp/names"
}

check docs >"$tmp/missing"
total=$(wc -l <"$tmp/names" | tr -d ' ')
missing=$(wc -l <"$tmp/missing" | tr -d ' ')
if [ "$missing" -gt 0 ]; then
  cat "$tmp/missing"
  echo "docs_coverage: $missing of $total public names are not in docs/*.md (sdk $n_sdk, lua $n_lua, cli $n_cli names checked)"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "ok: all $total public names documented (sdk $n_sdk, lua $n_lua, cli $n_cli)"

# ------------------------------------------------- the check can fail
# Remove every line naming one SDK function, one Lua function and one CLI
# option (the last of each in source order) from a copy of the docs.
mkdir "$tmp/docs"
cp docs/*.md "$tmp/docs/"
pick() { awk -F'\t' -v c="$1" '$1 == c { n = $2 } END { print n }' "$tmp/names"; }
s1=$(pick sdk) s2=$(pick "lua function") s3=$(pick "cli option")
for f in "$tmp"/docs/*.md; do
  grep -v -F -e "$s1" -e "radiomix.$s2" -e "$s3" "$f" >"$f.new"
  mv "$f.new" "$f"
done
check "$tmp/docs" >"$tmp/missing2"
ok=1
for want in "sdk $s1 " "lua function $s2 " "cli option $s3 "; do
  grep -q -F "missing: $want" "$tmp/missing2" || { echo "FAIL: removing '$want' from the docs was not detected"; ok=0; }
done
if [ $ok = 1 ]; then
  echo "ok: removing $s1, radiomix.$s2 and $s3 from the docs is detected"
  echo "2 passed, 0 failed"
  exit 0
fi
echo "1 passed, 1 failed"
exit 1
