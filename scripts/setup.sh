#!/usr/bin/env bash
# setup.sh: installs what a fresh Debian 12 machine lacks, then configures and
# builds radiomix into ./build. Sourced by run-study.sh and run-tests.sh.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${RADIOMIX_BUILD_DIR:-$root/build}

packages=(build-essential cmake pkg-config clang zlib1g-dev libltdl-dev libglib2.0-dev
          libteem-dev libopenblas-dev liblua5.4-dev libyaml-dev libcairo2-dev libisal-dev libfftw3-dev
          libclang-rt-14-dev) # libclang-rt: libFuzzer and sanitizer runtimes for fuzz/run.sh
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$jobs" 2>&1 | grep -Ev '^\[|^-- |Built target|Scanning dependencies|Consolidate' || true
[ -x "$build/bin/radiomix" ] || { echo "setup: build failed" >&2; exit 1; }
