#!/usr/bin/env bash
# Fetches MovieLens 100K (the copy RecBole ships as atomic files) into
# data/ml-100k/ under the repository root: the ratings (ml-100k.inter), the
# users' attributes (ml-100k.user) and the items' genres (ml-100k.item).
# Safe to run again: complete files are left alone. data/ is gitignored;
# never commit it.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir="$repo_root/data/ml-100k"
target="$target_dir/ml-100k.inter"
member="recbole/dataset_example/ml-100k/ml-100k.inter"
expected_rows=100000
# The attribute files beside the ratings, with their data rows.
side_files=(ml-100k.user ml-100k.item)
side_rows=(943 1682)

count_rows() { # data rows = lines minus the header line
    echo $(( $(wc -l < "$1") - 1 ))
}

complete() {
    [[ -f "$target" ]] && [[ "$(count_rows "$target")" -eq "$expected_rows" ]] || return 1
    for k in "${!side_files[@]}"; do
        local file="$target_dir/${side_files[$k]}"
        [[ -f "$file" ]] && [[ "$(count_rows "$file")" -eq "${side_rows[$k]}" ]] || return 1
    done
}

if complete; then
    echo "already present: $target ($expected_rows ratings), ${side_files[*]}"
    exit 0
fi

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

pip download --quiet --no-deps --dest "$workdir" recbole==1.2.1
wheel="$(ls "$workdir"/recbole-1.2.1-*.whl)"
unzip -q -o "$wheel" "$member" "${side_files[@]/#/recbole/dataset_example/ml-100k/}" -d "$workdir/unpacked"

rows="$(count_rows "$workdir/unpacked/$member")"
if [[ "$rows" -ne "$expected_rows" ]]; then
    echo "error: $member has $rows data rows, expected $expected_rows" >&2
    exit 1
fi

for k in "${!side_files[@]}"; do
    file="$workdir/unpacked/recbole/dataset_example/ml-100k/${side_files[$k]}"
    if [[ "$(count_rows "$file")" -ne "${side_rows[$k]}" ]]; then
        echo "error: ${side_files[$k]} has $(count_rows "$file") data rows, expected ${side_rows[$k]}" >&2
        exit 1
    fi
done

mkdir -p "$target_dir"
# Copy then rename so an interrupted run never leaves a partial file behind.
for file in "$member" "${side_files[@]/#/recbole/dataset_example/ml-100k/}"; do
    name="$(basename "$file")"
    cp "$workdir/unpacked/$file" "$target_dir/$name.tmp"
    mv "$target_dir/$name.tmp" "$target_dir/$name"
done
echo "fetched: $target ($rows ratings), ${side_files[*]}"
