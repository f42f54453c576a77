#!/usr/bin/env bash
# Executor overhead on graphs of trivial command stages (chain and fan-out):
# cold run, no-op re-run, and re-run after the first input changes.
#   bench/cache-executor.sh [--stages 10,100] [--jobs 2]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product mass-bench >&2
.build/release/mass-bench cache executor "$@"
