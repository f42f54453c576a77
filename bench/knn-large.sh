#!/usr/bin/env bash
# Item-based knn (pearson_baseline, k 40) on 50,000 synthetic items: sparse
# similarity rows, fit and prediction time, estimated and measured peak memory.
#
#   bench/knn-large.sh                      # 50,000 items, 100,000 users, 50 ratings each
#   bench/knn-large.sh --items 20000 --max-neighbours 200
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product mass-bench >/dev/null
if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v .build/release/mass-bench knn-large "$@" 2> >(grep -E "Maximum resident|Elapsed" >&2)
else
    .build/release/mass-bench knn-large "$@"
fi
