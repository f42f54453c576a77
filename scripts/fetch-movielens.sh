#!/usr/bin/env bash
# Fetches MovieLens 100K (the copy RecBole ships as an atomic .inter file) into
# data/ml-100k/ml-100k.inter under the repository root. Safe to run again: an
# existing, complete file is left alone. data/ is gitignored; never commit it.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir="$repo_root/data/ml-100k"
target="$target_dir/ml-100k.inter"
member="recbole/dataset_example/ml-100k/ml-100k.inter"
expected_rows=100000

count_rows() { # data rows = lines minus the header line
    echo $(( $(wc -l < "$1") - 1 ))
}

if [[ -f "$target" ]] && [[ "$(count_rows "$target")" -eq "$expected_rows" ]]; then
    echo "already present: $target ($expected_rows ratings)"
    exit 0
fi

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

pip download --quiet --no-deps --dest "$workdir" recbole==1.2.1
wheel="$(ls "$workdir"/recbole-1.2.1-*.whl)"
unzip -q -o "$wheel" "$member" -d "$workdir/unpacked"

rows="$(count_rows "$workdir/unpacked/$member")"
if [[ "$rows" -ne "$expected_rows" ]]; then
    echo "error: $member has $rows data rows, expected $expected_rows" >&2
    exit 1
fi

mkdir -p "$target_dir"
# Copy then rename so an interrupted run never leaves a partial file behind.
cp "$workdir/unpacked/$member" "$target.tmp"
mv "$target.tmp" "$target"
echo "fetched: $target ($rows ratings)"
