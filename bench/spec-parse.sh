#!/usr/bin/env bash
# Parse + validate a generated pipeline of 1,000 models and a 50-dimensional
# search space (release build). Target: under 50 ms wall.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product mass-bench >/dev/null
.build/release/mass-bench spec "$@"
