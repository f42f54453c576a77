#!/usr/bin/env bash
# Times MLModels against Surprise 1.1.5 on the same seeded folds of MovieLens 100k,
# then times `mf` on 10 million synthetic ratings with its peak memory.
#
#   bench/models-vs-surprise.sh            # everything
#   ONLY=mf,knn bench/models-vs-surprise.sh
#   SKIP_SURPRISE=1 / SKIP_SCALE=1 to leave a part out
# Environment: MASS_MOVIELENS (ratings file), BENCH_OUT (result folder),
# SURPRISE_VENV (virtual environment, made and filled on first use),
# MASS_TARGET_CPU=native to let MLModels use the build machine's vector units
# (AVX on x86; results are bit-identical, the binary is not portable).
set -euo pipefail
cd "$(dirname "$0")/.."

data=${MASS_MOVIELENS:-data/ml-100k/ml-100k.inter}
out=${BENCH_OUT:-/tmp/mass-models-bench}
venv=${SURPRISE_VENV:-/tmp/mass-surprise-venv}
only=${ONLY:-}
scale_ratings=${SCALE_RATINGS:-10000000}
mkdir -p "$out"

if [ ! -f "$data" ]; then
    echo "no ratings at $data: see the accuracy test in Tests/MLModelsTests for how to get MovieLens 100k" >&2
    exit 1
fi

echo "building mass-bench (release${MASS_TARGET_CPU:+, target CPU $MASS_TARGET_CPU})"
swift build -c release --product mass-bench
bench="$(swift build -c release --show-bin-path)/mass-bench"

echo "== mass (release) =="
"$bench" models --data "$data" --folds-out "$out/folds.txt" --results "$out/mass.tsv" ${only:+--only "$only"}

if [ -z "${SKIP_SURPRISE:-}" ]; then
    echo "== Surprise =="
    if ! "$venv/bin/python" -c 'import surprise' 2>/dev/null; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet scikit-surprise==1.1.5
    fi
    "$venv/bin/python" bench/surprise/run_surprise.py --data "$data" --folds "$out/folds.txt" \
        --results "$out/surprise.tsv" ${only:+--only "$only"}
    echo "== side by side (5 folds, fit + predict, seconds summed over folds) =="
    python3 bench/surprise/compare.py "$out/mass.tsv" "$out/surprise.tsv"
fi

if [ -z "${SKIP_SCALE:-}" ]; then
    echo "== mf on $scale_ratings synthetic ratings, 100 factors, 20 epochs =="
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v "$bench" models --synthetic-mf "$scale_ratings" 2> "$out/scale-time.txt"
        grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$out/scale-time.txt"
    else
        "$bench" models --synthetic-mf "$scale_ratings"
    fi
fi
