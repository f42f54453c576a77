#!/usr/bin/env bash
# Several processes writing and reading one cache folder at once: every read
# must be a miss or the right bytes, with no warnings.
#   bench/cache-concurrency.sh [PROCESSES]
set -euo pipefail
cd "$(dirname "$0")/.."
processes="${1:-4}"
swift build -c release --product mass-bench >&2
folder="$(mktemp -d /tmp/mass-bench-stress.XXXXXX)"
trap 'rm -rf "$folder"' EXIT
pids=()
for worker in $(seq 1 "$processes"); do
    .build/release/mass-bench cache stress "$folder" "$worker" & pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
[ "$status" = 0 ] && echo "all $processes processes finished with correct data" || echo "FAILED"
exit "$status"
