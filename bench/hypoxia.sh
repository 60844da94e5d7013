#!/usr/bin/env bash
# hypoxia.sh: benchmark of the whole hypoxia study (issue 6): cohort generation, the default study, a
# rerun with cached features, and the --quick study; wall time, peak memory, per-stage times and memory.
#
#   bash bench/hypoxia.sh [WORKDIR]          (default WORKDIR: /tmp/radiomix-bench-hypoxia; it is wiped)
#   STEPS="cohort full rerun quick" bash bench/hypoxia.sh   (choose steps; default all four)
#
# Steps (each a separate `radiomix run`, all cores):
#   cohort  scripts/make-cohort.lua --out WORKDIR/cohort
#   full    scripts/hypoxia.lua --cohort WORKDIR/cohort --out WORKDIR/out     (empty feature cache)
#   rerun   the same command again: features come from WORKDIR/out/cache
#   quick   scripts/hypoxia.lua --quick --cohort WORKDIR/cohort-quick --out WORKDIR/out-quick (cohort made inside)
# Per step: wall seconds, CPU seconds (user + system, all threads) and peak RSS (GNU time), the
# one-minute load average before and after. For the study steps, the script's own "[  t s] ..." stderr
# lines mark the stages (per sequence: extraction, then analysis = selection, search, evaluation); the
# process's resident memory and CPU time are sampled every 0.2 s from /proc, and each stage gets its
# largest RSS sample and its CPU seconds. On a loaded machine CPU seconds are the robust figure: the
# idle 2-core wall time lies between CPU/2 and CPU. Logs stay in WORKDIR/*.log.
# Takes about as long as the study itself (minutes). Not run by ctest. Environment: bench/lib.sh (BUILD).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

work=${1:-/tmp/radiomix-bench-hypoxia}
steps=${STEPS:-cohort full rerun quick}
mkdir -p "$work"

# run_step NAME COMMAND...: runs COMMAND with GNU time and an RSS sampler; prints a summary line and,
# for study runs, per-stage rows.
run_step() {
  local name=$1; shift
  local log="$work/$name.log" rss="$work/$name.rss" tf="$work/$name.time"
  local l0; l0=$(load1)
  : >"$rss"
  /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" >"$work/$name.out" 2>"$log" &
  local tpid=$! t0; t0=$(date +%s.%N)
  local pid="" hz; hz=$(getconf CLK_TCK)
  while kill -0 "$tpid" 2>/dev/null; do
    [[ -z "$pid" ]] && pid=$(pgrep -P "$tpid" | head -1 || true)
    if [[ -n "$pid" && -r /proc/$pid/status ]]; then
      awk -v t="$(date +%s.%N)" -v t0="$t0" -v hz="$hz" 'FNR == NR && /^VmRSS/ { rss = $2 }
        FNR != NR { cpu = ($14 + $15) / hz } END { printf "%.2f %d %.2f\n", t - t0, rss, cpu }' \
        "/proc/$pid/status" "/proc/$pid/stat" >>"$rss" 2>/dev/null || true
    fi
    sleep 0.2
  done
  local rc=0; wait "$tpid" || rc=$?
  # GNU time writes "Command exited with non-zero status N" first on failure: take the last line
  local wall peak usr sys
  read -r wall peak usr sys < <(tail -1 "$tf")
  local cmd="$*"
  cmd=${cmd//$bench_root\//}
  printf '| %s | %s | %.1f | %.1f | %.0f | %s / %s | `%s` |\n' "$name" "$rc" "$wall" "$(awk -v u="$usr" -v s="$sys" 'BEGIN {print u + s}')" \
    "$(awk -v k="$peak" 'BEGIN {print k * 1024 / 1e6}')" "$l0" "$(load1)" "$cmd"
}

# stages LOG RSS: per-stage seconds, CPU seconds and max sampled RSS (MB) from the "[  t s] msg" lines
# (the script's clock starts a few ms after the process; samples are 0.2 s apart).
stages() {
  awk '
    FNR == NR { ts[++n] = $1; kb[n] = $2; cs[n] = $3; next }
    match($0, /^\[ *[0-9.]+s\] /) {
      t = substr($0, 2, index($0, "s]") - 2) + 0; msg = substr($0, RLENGTH + 1)
      if (label != "") emit(label, start, t)
      label = ""
      if (msg ~ /: extracting /) { split(msg, a, " "); label = a[1] " extraction" }
      else if (msg ~ / resections x /) { split(msg, a, ":"); label = a[1] " analysis" }
      else if (msg ~ /generating the synthetic cohort/) label = "cohort generation"
      else if (msg ~ /test ROC AUC/) { split(msg, a, ":"); label = "after " a[1] " (report and figures when last)" }
      start = t; last = t
    }
    function cpu_at(t,   i) { for (i = 1; i <= n; i++) if (ts[i] >= t) return cs[i]; return cs[n] }
    function emit(l, a, b,   i, m) {
      if (l ~ /^after / && b - a < 0.1) return
      m = 0; for (i = 1; i <= n; i++) if (ts[i] >= a && ts[i] <= b + 0.3 && kb[i] > m) m = kb[i]
      printf "| %s | %.1f | %.1f | %.0f |\n", l, b - a, cpu_at(b) - cpu_at(a), m * 1024 / 1e6
    }' "$2" "$1"
}

echo "radiomix $("$RMX" --version | awk '{print $2}'), $(nproc) cores, $(date -u '+%F %H:%M UTC'), workdir $work"
echo
echo "| step | exit | wall s | CPU s | peak RSS MB | load before / after | command |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for s in $steps; do
  case $s in
    cohort) rm -rf "$work/cohort"; run_step cohort "$RMX" run "$bench_root/scripts/make-cohort.lua" --out "$work/cohort" ;;
    full) rm -rf "$work/out"; run_step full "$RMX" run "$bench_root/scripts/hypoxia.lua" --cohort "$work/cohort" --out "$work/out" ;;
    rerun) run_step rerun "$RMX" run "$bench_root/scripts/hypoxia.lua" --cohort "$work/cohort" --out "$work/out" ;;
    quick) rm -rf "$work/cohort-quick" "$work/out-quick"
           run_step quick "$RMX" run "$bench_root/scripts/hypoxia.lua" --quick --cohort "$work/cohort-quick" --out "$work/out-quick" ;;
    *) echo "bench: unknown step '$s'" >&2; exit 2 ;;
  esac
done
for s in $steps; do
  [[ $s == cohort ]] && continue
  echo
  echo "Stages of '$s' (from the script's stderr timestamps; RSS and CPU sampled every 0.2 s):"
  echo
  echo "| stage | wall s | CPU s | max RSS MB |"
  echo "| --- | --- | --- | --- |"
  stages "$work/$s.log" "$work/$s.rss"
done
