#!/usr/bin/env bash
# Sampling a file larger than memory while reading it: generates (once) a CSV of
# 100 million synthetic ratings (about 2.4 GB) under /tmp, keeps a reservoir of
# 5 million rows in one pass, prints throughput and peak RSS, then trains mf on
# the sample. Release build; each step in its own process.
# Usage: bench/stream-sample.sh [rows] [reservoir-size]   (defaults 100000000 5000000)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
rows="${1:-100000000}"
size="${2:-5000000}"

swift build -c release --product mass-bench
bench="$(swift build -c release --product mass-bench --show-bin-path)/mass-bench"

file="/tmp/mass-stream-${rows}.csv"
[[ -f "$file" ]] || "$bench" load stream-generate --rows "$rows" --out "$file"
echo "== reservoir of ${size} from ${rows} rows"
"$bench" load sample --file "$file" --size "$size"
echo "(machine load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
