#!/usr/bin/env bash
# run-study.sh: sets up (packages, configure, build), then runs the main job:
# the hypoxia study on the built-in SYNTHETIC cohort (generated into ./cohort
# if absent), writing out/hypoxia/ and printing Table 2.
# Options go to scripts/hypoxia.lua: e.g. --quick, --seed N, --out DIR.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/setup.sh"
cd "$root"
exec "$build/bin/radiomix" run "$root/scripts/hypoxia.lua" "$@"
