#!/usr/bin/env bash
# run-study.sh: sets up (packages, configure, build) and runs the main job.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/setup.sh"
"$build/bin/radiomix" plugins
"$build/bin/radiomix" run "$root/scripts/demo.lua" "$root/share/demo" "$@"
