#!/usr/bin/env bash
# Real-time learning on MovieLens 100k in time order (release build): each
# rating predicted, then learned from. Prints every online model's
# prequential RMSE and events per second on one core (best of 3), and the
# online ensembles of baseline and mf. With River installed
# (`pip install river`), runs River's BiasedMF on the same stream, side by side.
#   bench/online.sh [mass-bench online options: --factors 100 --lr 0.1 ...]
set -euo pipefail
cd "$(dirname "$0")/.."
data=data/ml-100k/ml-100k.inter
[ -f "$data" ] || scripts/fetch-movielens.sh
swift build -c release --product mass-bench >/dev/null
.build/release/mass-bench online "$data" --repeat 3 "$@"
if python3 -c 'import river' 2>/dev/null; then
  echo
  echo "River (same stream, defaults of its MovieLens tutorial):"
  python3 bench/river_online.py "$data"
else
  echo
  echo "River is not installed (pip install river): no side-by-side figures"
fi
