#!/bin/sh
# kill_batch.sh: `radiomix extract --batch` killed with SIGKILL midway resumes from its checkpoint and
# writes the same CSV, byte for byte, as an uninterrupted run (also after a torn checkpoint line).
# usage: kill_batch.sh RADIOMIX SHARED_DIR
RMX=$1
S=$2/data/pyradiomics/cases
T=$(mktemp -d "${TMPDIR:-/tmp}/rmx-resume.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
  d=$1
  shift
  if "$@"; then echo "ok    $d"; else echo "FAIL  $d"; fail=1; fi
}
# 20 cases over two real images; each case spells its image path differently so no
# two cases share a read (the batch groups cases by image path).
printf 'ID,Image,Mask\n' >"$T/m.csv"
i=1
dots=
while [ $i -le 20 ]; do
  dots="$dots./"
  if [ $((i % 2)) -eq 1 ]; then img=brain1_image mask=brain1_label; else img=breast1_image mask=breast1_label; fi
  printf 'case%02d,%s/%s%s.nrrd,%s/%s.nrrd\n' $i "$S" "$dots" $img "$S" $mask >>"$T/m.csv"
  i=$((i + 1))
done
printf 'setting:\n  binWidth: 25\nfeatureClass:\n  firstorder:\n  glcm:\n  glrlm:\n  shape:\n' >"$T/p.yaml"

"$RMX" extract --batch "$T/m.csv" -p "$T/p.yaml" -j 1 --diagnostics -o "$T/ref.csv" 2>"$T/ref.err"
check "uninterrupted run: 20 rows" [ "$(wc -l <"$T/ref.csv")" -eq 21 ]
check "no checkpoint left after a complete run" [ ! -e "$T/ref.csv.partial" ]

# run, kill -9 once at least 3 cases are in the checkpoint
run_and_kill() {
  "$RMX" extract --batch "$T/m.csv" -p "$T/p.yaml" -j 1 --diagnostics -o "$T/out.csv" 2>"$T/run.err" &
  pid=$!
  n=0
  while [ $n -lt 500 ]; do
    lines=$({ wc -l <"$T/out.csv.partial"; } 2>/dev/null || echo 1)
    done_cases=$((lines - 1))
    [ "$done_cases" -ge 3 ] && break
    sleep 0.02
    n=$((n + 1))
  done
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  echo "$done_cases"
}
k=$(run_and_kill)
check "killed after $k of 20 cases (midway)" [ "$k" -ge 3 ] && [ "$k" -lt 20 ]
check "no output CSV after the kill" [ ! -e "$T/out.csv" ]
"$RMX" extract --batch "$T/m.csv" -p "$T/p.yaml" -j 1 --diagnostics -o "$T/out.csv" 2>"$T/resume.err"
rc=$?
check "resumed run exits 0" [ $rc -eq 0 ]
check "resumed run says it resumed" grep -q "resuming: [0-9]* of 20 cases" "$T/resume.err"
check "resumed CSV equals the uninterrupted one byte for byte" cmp -s "$T/ref.csv" "$T/out.csv"
check "checkpoint removed after the resumed run" [ ! -e "$T/out.csv.partial" ]
check "no temporary files left" [ -z "$(find "$T" -name '*.tmp*')" ]

# a torn last record (kill during a write) is cut off and its case recomputed
rm -f "$T/out.csv"
k=$(run_and_kill)
size=$(wc -c <"$T/out.csv.partial")
head -c $((size - 25)) "$T/out.csv.partial" >"$T/torn" && cat "$T/torn" >"$T/out.csv.partial"
"$RMX" extract --batch "$T/m.csv" -p "$T/p.yaml" -j 1 --diagnostics -o "$T/out.csv" 2>"$T/torn.err"
check "torn checkpoint: $(grep -o 'resuming: [0-9]* of 20' "$T/torn.err") (killed after $k)" cmp -s "$T/ref.csv" "$T/out.csv"

# a checkpoint made with other settings is not used
rm -f "$T/out.csv"
k=$(run_and_kill)
"$RMX" extract --batch "$T/m.csv" -p "$T/p.yaml" -s binWidth=10 -j 1 --diagnostics -o "$T/out.csv" 2>"$T/other.err"
check "other settings: checkpoint ignored" sh -c "! grep -q resuming '$T/other.err'"
check "other settings: binWidth=10 values, not the checkpoint's" sh -c "! cmp -s '$T/ref.csv' '$T/out.csv'"
[ $fail -eq 0 ] && echo "kill_batch: all checks passed" || echo "kill_batch: FAILED"
exit $fail
