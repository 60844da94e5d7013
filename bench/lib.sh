# lib.sh: helpers sourced by the bench/*.sh scripts (timing medians, peak RSS, load average, stage timings).
# Not run by ctest. Needs hyperfine and GNU time (Debian: apt-get install hyperfine time).
#
# Environment:
#   BUILD   build folder holding bin/radiomix (default: build-bench, else build)
#   RUNS    repetitions per timed command (default 15; medians are reported)
#   SHARED  reference data (default: $RADIOMIX_SHARED, else ../shared beside the repo)

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -z "${BUILD:-}" ]]; then
  if [[ -x "$bench_root/build-bench/bin/radiomix" ]]; then BUILD="$bench_root/build-bench"; else BUILD="$bench_root/build"; fi
fi
RMX="$BUILD/bin/radiomix"
RUNS=${RUNS:-15}
SHARED=${SHARED:-${RADIOMIX_SHARED:-$bench_root/../shared}}
CASES="$SHARED/data/pyradiomics/cases"

for tool in hyperfine /usr/bin/time awk; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine time)" >&2; exit 1; }
done
[[ -x "$RMX" ]] || { echo "bench: $RMX not built (set BUILD=folder)" >&2; exit 1; }

# Image and mask of a shared case name.
case_files() {
  case "$1" in
    brain1) echo "$CASES/brain1_image.nrrd $CASES/brain1_label.nrrd" ;;
    breast1) echo "$CASES/breast1_image.nrrd $CASES/breast1_label.nrrd" ;;
    test64) echo "$CASES/test-image_64x64x64.nrrd $CASES/test-mask_64x64x64.nrrd" ;;
    test37) echo "$CASES/test-image_37x37x37.nrrd $CASES/test-mask_37x37x37.nrrd" ;;
    prostate_phantom) echo "$CASES/prostate_phantom_subvolume.nrrd $CASES/prostate_phantom_subvolume-label.nrrd" ;;
    *) echo "bench: unknown case '$1'" >&2; return 1 ;;
  esac
}

# One-minute load average, as a string.
load1() { cut -d' ' -f1 /proc/loadavg; }

# median_s RUNS COMMAND...: "MEDIAN_WALL CPU" seconds over RUNS runs after one warm-up (hyperfine, no
# shell); CPU is hyperfine's mean user + system time, which other load on the machine inflates far less
# than wall time when the command is single-threaded.
median_s() {
  local n=$1; shift
  local csv; csv=$(mktemp)
  hyperfine -N --warmup 1 --runs "$n" --style none --export-csv "$csv" -- "$(printf '%q ' "$@")" >/dev/null 2>&1 \
    || { echo "bench: command failed: $*" >&2; rm -f "$csv"; echo nan nan; return 1; }
  awk -F, 'NR == 2 {print $4, $5 + $6}' "$csv"
  rm -f "$csv"
}

# peak_mb COMMAND...: maximum resident set size in MB (10^6 bytes; GNU time's %M is KiB), output discarded.
peak_mb() {
  local f; f=$(mktemp)
  /usr/bin/time -f %M -o "$f" "$@" >/dev/null 2>&1 || { echo "bench: command failed: $*" >&2; }
  awk '{printf "%.1f", $1 * 1024 / 1e6}' "$f"
  rm -f "$f"
}

# stage_medians RUNS COMMAND...: runs COMMAND (which must print 'timing: NAME SECONDS s' lines on
# stderr, as `radiomix extract --timings`) RUNS times; prints "NAME<TAB>median<TAB>minimum" seconds per
# stage, stages with the same name within one run summed, in first-seen order. On a loaded machine the
# minimum of a short stage is the run least disturbed by other processes.
stage_medians() {
  local n=$1; shift
  local f; f=$(mktemp)
  for ((i = 0; i < n; i++)); do
    "$@" 2>&1 >/dev/null | awk -v run="$i" '/^timing/ {
      line = $0; sub(/^timing[^:]*: */, "", line); n = split(line, w, " ");
      name = w[1]; for (j = 2; j <= n - 2; j++) name = name " " w[j];
      s[name] += w[n - 1]; if (!(name in seen)) { seen[name] = 1; order[++k] = name } }
      END { for (j = 1; j <= k; j++) printf "%d\t%d\t%s\t%.6f\n", run, j, order[j], s[order[j]] }' >>"$f"
  done
  # per stage: sort its values, take the middle one (mean of the two middle ones when even)
  awk -F'\t' '{ key = $3; if (!(key in pos)) { pos[key] = $2; names[$2] = key }
                vals[key] = vals[key] " " $4 }
       END { for (p = 1; p in names; p++) { key = names[p]; m = split(vals[key], v, " ");
               for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (v[b] + 0 < v[a] + 0) { t = v[a]; v[a] = v[b]; v[b] = t }
               med = (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2;
               printf "%s\t%.6f\t%.6f\n", key, med, v[1] } }' "$f"
  rm -f "$f"
}

# In-memory size in MB (10^6 bytes) of a NRRD volume (sizes x element bytes), from its header.
nrrd_mb() {
  local f=$1
  local hdr; hdr=$(head -c 4096 "$f" | tr -d '\000' | sed -n '1,/^$/p')
  local type sizes
  type=$(printf '%s\n' "$hdr" | awk -F': *' 'tolower($1) == "type" {print $2}')
  sizes=$(printf '%s\n' "$hdr" | awk -F': *' 'tolower($1) == "sizes" {print $2}')
  local bytes=0
  case "$type" in
    *char*|int8|uint8|int8_t|uint8_t) bytes=1 ;;
    short|ushort|*int16*|"unsigned short"|"signed short") bytes=2 ;;
    int|uint|*int32*|float|"unsigned int"|"signed int") bytes=4 ;;
    double|*int64*|"long long"|"unsigned long long") bytes=8 ;;
  esac
  echo "$sizes" | awk -v b="$bytes" '{ n = 1; for (i = 1; i <= NF; i++) n *= $i; printf "%.2f", n * b / 1e6 }'
}
