#!/bin/sh
# run_cases.sh: runs the bad-input catalogue (cases.txt) through the real radiomix executable.
# usage: run_cases.sh RADIOMIX CASES.txt FAULTY_PLUGIN_DIR FIXTURE_PLUGIN_DIR [NAME_FILTER]
# Each case line: NAME | EXIT | OUT | STDERR-SUBSTRING | COMMAND
#   EXIT   expected exit code;  OUT: 'none' = the case's output folder $O must be left
#   empty, 'any' = outputs allowed (never *.tmp* files);  '-' as substring: not checked.
# COMMAND runs under sh in the folder of generated inputs with RMX, FIX (faulty plugin
# folder), GOOD (fixture plugin folder), SRC (this folder), O (an empty output folder).
# A crash (signal, exit >= 128), a hang (timeout 20 s), a stderr line not starting with
# 'radiomix: ' or a sanitizer report fails the case.
abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
RMX=$(abs "$1")
CASES=$(abs "$2")
FIX=$(abs "$3")
GOOD=$(abs "$4")
ONLY=${5:-}
SRC=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/rmx-bad-inputs.XXXXXX")
trap 'rm -rf "$T"' EXIT
sh "$SRC/gen.sh" "$T/in" || { echo "gen.sh failed"; exit 1; }
export RMX FIX GOOD SRC
pass=0
fail=0
while IFS= read -r line; do
  case $line in '' | '#'*) continue ;; esac
  name=$(printf '%s' "$line" | awk -F' [|] ' '{print $1}')
  want=$(printf '%s' "$line" | awk -F' [|] ' '{print $2}')
  out=$(printf '%s' "$line" | awk -F' [|] ' '{print $3}')
  sub=$(printf '%s' "$line" | awk -F' [|] ' '{print $4}')
  cmd=$(printf '%s' "$line" | awk -F' [|] ' '{for (i = 5; i <= NF; i++) printf "%s%s", (i > 5 ? " | " : ""), $i}')
  [ -n "$ONLY" ] && case $name in $ONLY) ;; *) continue ;; esac
  O=$T/out/$name
  mkdir -p "$O"
  export O
  t0=$(date +%s)
  (cd "$T/in" && timeout 20 sh -c "$cmd") >"$T/stdout" 2>"$T/stderr"
  got=$?
  secs=$(($(date +%s) - t0))
  why=
  if [ "$got" -eq 124 ]; then why="hang: killed after 20 s"
  elif [ "$got" -ge 128 ]; then why="crash: exit $got (signal $((got - 128)))"
  elif [ "$got" -ne "$want" ]; then why="exit $got, expected $want"
  elif [ "$sub" != "-" ] && ! grep -qF -- "$sub" "$T/stderr"; then why="stderr lacks '$sub'"
  elif grep -qE 'Sanitizer|runtime error:|^Segmentation fault|^Aborted' "$T/stderr"; then why="sanitizer or crash report on stderr"
  elif [ "$want" -ne 0 ] && grep -qv '^radiomix: ' "$T/stderr"; then why="a stderr line does not start with 'radiomix: '"
  elif [ -n "$(find "$O" -name '*.tmp*' 2>/dev/null)" ]; then why="temporary file left: $(find "$O" -name '*.tmp*' | head -1)"
  elif [ "$out" = none ] && [ -n "$(ls -A "$O")" ]; then why="output left behind: $(ls -A "$O" | head -3 | tr '\n' ' ')"
  fi
  if [ -z "$why" ]; then
    pass=$((pass + 1))
    printf 'ok    %-28s exit %d, %ds\n' "$name" "$got" "$secs"
  else
    fail=$((fail + 1))
    printf 'FAIL  %-28s %s\n      command: %s\n' "$name" "$why" "$cmd"
    sed 's/^/      stderr: /' "$T/stderr" | head -5
  fi
done <"$CASES"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
