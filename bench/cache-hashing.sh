#!/usr/bin/env bash
# Hashing throughput of a new 1 GiB file (one the stat cache has never seen),
# and the cost of re-checking it unchanged.
#   bench/cache-hashing.sh [SIZE_MIB]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib="${1:-1024}"
swift build -c release --product mass-bench >&2
file="$(mktemp /tmp/mass-bench-hash.XXXXXX)"
trap 'rm -f "$file"' EXIT
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$file"

echo "== a freshly written file (its pages still in memory, as after a stage writes an output)"
.build/release/mass-bench cache hashing "$file"
if command -v openssl > /dev/null; then
    TIMEFORMAT="  (reference: openssl dgst -sha256 on the same file: %R s wall, %U s user)"
    time openssl dgst -sha256 "$file" > /dev/null
fi

# Dropping the page cache needs privileges the machine may not give.
if sync && echo 1 > /proc/sys/vm/drop_caches 2>/dev/null; then
    echo "== the same file read from disk (page cache dropped)"
    .build/release/mass-bench cache hashing "$file"
    sync && echo 1 > /proc/sys/vm/drop_caches
    echo "== for comparison, reading it from disk without hashing:"
    dd if="$file" of=/dev/null bs=8M 2>&1 | tail -1
fi
