#!/usr/bin/env bash
# Times pipelines/movielens-stack.yaml (10 sub-models, stacking on 5-fold
# out-of-fold predictions, 5 outer folds) on a cold cache, release build, and
# splits the node time between sub-model fits and combining.
#
#   bench/combiners-stack.sh            # JOBS=2 by default
# Environment: JOBS (parallel nodes), BENCH_OUT (where the run's JSON goes).
# Reference: a stack of the first 7 of them done with Surprise 1.1.5 and scikit-learn took
# about 100 s on a 2-core machine of this kind.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${JOBS:-2}
out=${BENCH_OUT:-/tmp/mass-stack-bench}
if [ ! -f data/ml-100k/ml-100k.inter ]; then
    echo "no MovieLens data: run scripts/fetch-movielens.sh first" >&2
    exit 1
fi
swift build -c release --product mass >/dev/null
mass="$(swift build -c release --show-bin-path)/mass"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pipelines" "$out"
cp pipelines/movielens-stack.yaml "$work/pipelines/"
ln -s "$PWD/data" "$work/data"

start=$(date +%s.%N)
"$mass" run "$work/pipelines/movielens-stack.yaml" --jobs "$jobs" --json >"$out/run.json"
end=$(date +%s.%N)

python3 - "$out/run.json" "$start" "$end" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
groups = {"sub-model fits": 0, "combining": 0, "evaluation and the rest": 0}
for node in run["nodes"]:
    ms = node.get("milliseconds", 0)
    if node["id"].startswith("fit "):
        groups["sub-model fits"] += ms
    elif node["id"].startswith("combine "):
        groups["combining"] += ms
    else:
        groups["evaluation and the rest"] += ms
total = sum(groups.values())
print(f"cold run, {len(run['nodes'])} nodes: {wall:.1f} s wall ({run['milliseconds'] / 1000:.1f} s by mass's clock)")
for name, ms in groups.items():
    print(f"  {name:24} {ms / 1000:7.1f} s of node time  ({100 * ms / total:.1f}%)")
models = {m["name"]: m["metrics"]["rmse"]["mean"] for m in run["results"]["models"]}
print("mean RMSE: " + ", ".join(f"{k} {v:.4f}" for k, v in models.items()))
print(f"against the ~100 s of the 7-model stack with Surprise + scikit-learn: {100 / wall:.1f}x")
PY
