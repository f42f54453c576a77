#!/usr/bin/env bash
# Hashing throughput of a new 1 GiB file, and the cost of re-checking it unchanged.
#   bench/cache-hashing.sh [SIZE_MIB]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib="${1:-1024}"
swift build -c release --product mass-bench >&2
file="$(mktemp /tmp/mass-bench-hash.XXXXXX)"
trap 'rm -f "$file"' EXIT
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$file"
# Page cache state is reported, not forced: dropping caches needs privileges the machine may not give.
if sync && echo 1 > /proc/sys/vm/drop_caches 2>/dev/null; then
    echo "page cache dropped: the first hash reads from disk"
else
    echo "page cache not dropped: the first hash reads a freshly written file from memory"
fi
.build/release/mass-bench cache hashing "$file"
