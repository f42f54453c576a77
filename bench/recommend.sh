#!/usr/bin/env bash
# Recommendations from an exported model (release build): exports
# pipelines/movielens-serve.yaml (a weighted ensemble of baseline, mf with
# 100 factors and item knn on MovieLens 100k; from the cache after the
# first time), then times `mass recommend --users` for all 943 users (top
# 10 each, in parallel on all cores) and a single `--user`, printing the
# time per user. Scoring all 1,682 items with a 100-factor model is about
# 170,000 multiply-adds, some 20 µs: the figures say how far a request is from that.
#   bench/recommend.sh [REPS]     (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}
[ -f data/ml-100k/ml-100k.inter ] || scripts/fetch-movielens.sh
swift build -c release --product mass >/dev/null
mass=.build/release/mass
work=$(mktemp -d "${TMPDIR:-/tmp}/mass-recommend.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$mass" export pipelines/movielens-serve.yaml -o "$work/model.mass" --quiet >/dev/null
"$mass" export --inspect "$work/model.mass" | head -3
tail -n +2 data/ml-100k/ml-100k.inter | cut -f1 | sort -u > "$work/users.txt"
users=$(wc -l < "$work/users.txt")
best_batch=999999; best_one=999999
for _ in $(seq "$reps"); do
  start=$(date +%s%N); "$mass" recommend "$work/model.mass" --users "$work/users.txt" -n 10 > /dev/null; end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 )); (( ms < best_batch )) && best_batch=$ms
  start=$(date +%s%N); "$mass" recommend "$work/model.mass" --user 196 -n 10 > /dev/null; end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 )); (( ms < best_one )) && best_one=$ms
done
echo "recommend --users ($users users, top 10, $(nproc) cores): ${best_batch} ms, $(( best_batch * 1000 / users )) µs per user (best of $reps, loading included)"
echo "recommend --user 196: ${best_one} ms for the whole command (loading the file included)"
