#!/usr/bin/env bash
# `autorec` on seeded folds of MovieLens 100k in a release build: RMSE and fit
# time per fold, the training's GFLOP/s, and the dense-layer kernel's GFLOP/s
# on three shapes. Options after the script name go to `mass-bench autorec`:
#
#   bench/autorec.sh                  # the defaults, all five folds
#   bench/autorec.sh --run 1 --curve  # fold 1 only, test RMSE after every epoch
#   bench/autorec.sh --hidden 500,250,500 --activation sigmoid --l2 0.05
#
# MASS_TARGET_CPU=native lets MLModels use the machine's vector units (AVX2,
# AVX-512 on x86); the default build targets baseline x86-64 (SSE2).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f data/ml-100k/ml-100k.inter ]]; then
    scripts/fetch-movielens.sh
fi
swift build -c release --product mass-bench
bench="$(swift build -c release --show-bin-path)/mass-bench"
"$bench" autorec "$@"
echo "(machine load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-))"
