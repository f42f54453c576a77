#!/usr/bin/env bash
# Times MLCore's rating-file loader in a release build:
#   - 100K rows: MovieLens 100K when scripts/fetch-movielens.sh has fetched it,
#     otherwise a generated 100K-row CSV;
#   - 10M rows: a generated CSV (about 270 MB) under /tmp, made once and reused.
# Each measurement runs in its own process, so its peak RSS is that load's alone.
# Usage: bench/load-ratings.sh [rows-for-large-file]   (default 10000000)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
large_rows="${1:-10000000}"

swift build -c release --product mass-bench
bench="$(swift build -c release --product mass-bench --show-bin-path)/mass-bench"

small="$repo_root/data/ml-100k/ml-100k.inter"
if [[ ! -f "$small" ]]; then
    small="/tmp/mass-ratings-100k.csv"
    [[ -f "$small" ]] || "$bench" load generate --rows 100000 --out "$small"
fi
large="/tmp/mass-ratings-${large_rows}.csv"
[[ -f "$large" ]] || "$bench" load generate --rows "$large_rows" --out "$large"

echo "== 100K rows"
"$bench" load run --file "$small" --repeat 20
echo "== ${large_rows} rows"
"$bench" load run --file "$large" --repeat 3
echo "(machine load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
