#!/usr/bin/env bash
# `ials` and `bpr` against the Python `implicit` library (0.7.2) on the same
# fold of MovieLens 100k (80% train) with the same settings, one thread each:
# seconds per fit and ndcg@10 over the whole catalogue. mass-bench writes the
# split it times; the Python side reads it. The virtual environment lives in
# a temporary folder unless MASS_IMPLICIT_VENV names one.
#
#   bench/implicit-compare.sh
#   bench/implicit-compare.sh --factors 64 --iterations 15 --reg 0.05 --alpha 10 --cg-steps 3 --epochs 50 --lr 0.05
#
# ials's confidence is 1 + alpha on every rated pair; implicit's is the
# matrix entry times its alpha, so it is given a matrix of ones and alpha
# 1 + alpha. implicit's reg is the same λ on YᵀY's diagonal; its bpr
# samples as ours does (a rated pair, then any item, skipped when rated).
# MASS_TARGET_CPU=native lets MLModels use the machine's vector units.
set -euo pipefail
cd "$(dirname "$0")/.."

factors=64 iterations=15 reg=0.05 alpha=10 cg_steps=3 epochs=50 lr=0.05 bpr_reg=0.01 repeats=3
arguments=("$@")
while (($#)); do
    case "$1" in
    --factors) factors=$2 ;;
    --iterations) iterations=$2 ;;
    --reg) reg=$2 ;;
    --alpha) alpha=$2 ;;
    --cg-steps) cg_steps=$2 ;;
    --epochs) epochs=$2 ;;
    --lr) lr=$2 ;;
    --bpr-reg) bpr_reg=$2 ;;
    --repeat) repeats=$2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
    esac
    shift 2
done

if [[ ! -f data/ml-100k/ml-100k.inter ]]; then
    scripts/fetch-movielens.sh
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
venv="${MASS_IMPLICIT_VENV:-$work/venv}"
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet implicit==0.7.2 numpy scipy
fi

swift build -c release --product mass-bench
bench="$(swift build -c release --show-bin-path)/mass-bench"
echo "== mass (Swift)"
"$bench" implicit --write-split "$work/split" --bpr-factors "$factors" "${arguments[@]}"

echo "== implicit $("$venv/bin/python" -c 'import implicit; print(implicit.__version__)') (Python, one thread)"
OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 "$venv/bin/python" - "$work/split" "$factors" "$iterations" "$reg" "$alpha" \
    "$cg_steps" "$epochs" "$lr" "$bpr_reg" "$repeats" <<'PYTHON'
import sys, time
import numpy as np
import scipy.sparse as sparse
from implicit.als import AlternatingLeastSquares
from implicit.bpr import BayesianPersonalizedRanking

folder = sys.argv[1]
factors, iterations = int(sys.argv[2]), int(sys.argv[3])
reg, alpha, cg_steps = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
epochs, lr, bpr_reg, repeats = int(sys.argv[7]), float(sys.argv[8]), float(sys.argv[9]), int(sys.argv[10])

def read(name):
    rows = np.loadtxt(f"{folder}/{name}", skiprows=1, ndmin=2)
    return rows[:, 0].astype(np.int32), rows[:, 1].astype(np.int32), rows[:, 2]

train_users, train_items, _ = read("train.tsv")
test_users, test_items, test_ratings = read("test.tsv")
users, items = train_users.max() + 1, train_items.max() + 1
# Who rated what: a one for every training pair.
user_items = sparse.csr_matrix(
    (np.ones(len(train_users), dtype=np.float32), (train_users, train_items)), shape=(users, items))
user_items.data[:] = 1

relevant = {}
for u, i, r in zip(test_users, test_items, test_ratings):
    if r >= 4 and u < users and i < items:
        relevant.setdefault(int(u), set()).add(int(i))

def ndcg_at_10(model):
    total = 0.0
    for u, wanted in relevant.items():
        scores = model.user_factors[u] @ model.item_factors.T
        scores = np.asarray(scores, dtype=np.float64)
        scores[user_items[u].indices] = -np.inf
        top = np.argsort(-scores, kind="stable")[:10]
        gain = sum(1 / np.log2(rank + 2) for rank, item in enumerate(top) if int(item) in wanted)
        ideal = sum(1 / np.log2(rank + 2) for rank in range(min(10, len(wanted))))
        total += gain / ideal
    return total / len(relevant)

def best_of(make):
    best, model = float("inf"), None
    for _ in range(repeats):
        model = make()
        start = time.perf_counter()
        model.fit(user_items, show_progress=False)
        best = min(best, time.perf_counter() - start)
    return best, model

seconds, als = best_of(lambda: AlternatingLeastSquares(
    factors=factors, iterations=iterations, regularization=reg, alpha=1 + alpha, use_cg=True,
    num_threads=1, random_state=1, calculate_training_loss=False))
print(f"implicit ALS (cg) factors {factors}, {iterations} iterations, reg {reg}, confidence 1 + {alpha}: "
      f"fit {seconds:.3f} s (best of {repeats}), {als.user_factors.dtype}; ndcg@10 {ndcg_at_10(als):.4f}")
seconds, bpr = best_of(lambda: BayesianPersonalizedRanking(
    factors=factors, iterations=epochs, learning_rate=lr, regularization=bpr_reg, num_threads=1, random_state=1))
print(f"implicit BPR factors {factors} (+1 bias), {epochs} epochs, lr {lr}, reg {bpr_reg}: "
      f"fit {seconds:.3f} s (best of {repeats}); ndcg@10 {ndcg_at_10(bpr):.4f}")
PYTHON
echo "(machine load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-))"
