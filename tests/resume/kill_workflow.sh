#!/bin/sh
# kill_workflow.sh: the hypoxia workflow killed with SIGKILL during extraction finishes on rerun
# with the same table2.csv as an uninterrupted run (its extraction cache resumes).
# usage: kill_workflow.sh RADIOMIX SOURCE_DIR COHORT_DIR WORK_DIR
RMX=$1
SRC=$2
COHORT=$3
W=$4
rm -rf "$W"
mkdir -p "$W"
run() { "$RMX" run "$SRC/scripts/hypoxia.lua" --quick --cohort "$COHORT" --out "$1"; }
total=$(($(wc -l <"$COHORT/manifest.csv") - 1))
run "$W/ref" >"$W/ref.log" 2>&1 || { echo "FAIL: uninterrupted run failed"; tail -5 "$W/ref.log"; exit 1; }

# radiomix itself in the background (not the 'run' function: killing that
# subshell would leave radiomix running alongside the resumed run)
"$RMX" run "$SRC/scripts/hypoxia.lua" --quick --cohort "$COHORT" --out "$W/out" >"$W/killed.log" 2>&1 &
pid=$!
n=0
cached=0
# kill once a few chunks are cached, well before all $total lesions are
while [ $n -lt 1500 ]; do
  cached=$(find "$W/out/cache" -name '*.csv' 2>/dev/null | wc -l)
  [ "$cached" -ge 20 ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.02
  n=$((n + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
cached=$(find "$W/out/cache" -name '*.csv' | wc -l)
fail=0
if [ "$cached" -lt 20 ] || [ "$cached" -ge "$total" ]; then
  echo "FAIL: killed with $cached of $total lesions cached (wanted midway)"
  fail=1
else
  echo "ok    killed with $cached of $total lesions cached"
fi
if [ -e "$W/out/table2.csv" ]; then echo "FAIL: table2.csv exists after the kill"; fail=1; fi
if ! run "$W/out" >"$W/resumed.log" 2>&1; then
  echo "FAIL: resumed run failed"
  tail -5 "$W/resumed.log"
  exit 1
fi
cached_now=$(grep -o '[0-9]* cached)' "$W/resumed.log" | awk '{s += $1} END {print s + 0}')
echo "ok    resumed run took $cached_now lesions from the cache"
[ "$cached_now" -ge "$cached" ] || { echo "FAIL: resumed run re-extracted cached lesions"; fail=1; }
if cmp -s "$W/ref/table2.csv" "$W/out/table2.csv"; then
  echo "ok    table2.csv equals the uninterrupted run's"
else
  echo "FAIL: table2.csv differs from the uninterrupted run's"
  diff "$W/ref/table2.csv" "$W/out/table2.csv" | head -5
  fail=1
fi
[ $fail -eq 0 ] && rm -rf "$W"
exit $fail
