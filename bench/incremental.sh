#!/usr/bin/env bash
# Prequential incremental `mf` against a full refit at every step: MovieLens
# 100k ordered by time in 10 partitions (with the artifact size of every kind),
# then a 10-million-rating synthetic stream.
#
#   bench/incremental.sh
#   SKIP_SYNTHETIC=1 bench/incremental.sh     # MovieLens only
# Environment: MASS_MOVIELENS (ratings file), SYNTHETIC_RATINGS (default 10000000),
# UPDATE_ARGS (extra options for both runs, e.g. "--update-epochs 3 --replay 20000"),
# SYNTHETIC_UPDATE_ARGS (the stream's update settings; default: one pass over the
# new rows and a replay of every row seen, "--update-epochs 1 --replay 100%").
set -euo pipefail
cd "$(dirname "$0")/.."

data=${MASS_MOVIELENS:-data/ml-100k/ml-100k.inter}
[[ -f "$data" ]] || scripts/fetch-movielens.sh
swift build -c release --product mass-bench >/dev/null
bench=.build/release/mass-bench

# shellcheck disable=SC2086
"$bench" incremental --data "$data" --sizes ${UPDATE_ARGS:-}
if [[ -z "${SKIP_SYNTHETIC:-}" ]]; then
    echo
    # shellcheck disable=SC2086
    "$bench" incremental --synthetic "${SYNTHETIC_RATINGS:-10000000}" --factors 32 --epochs 10 \
        ${SYNTHETIC_UPDATE_ARGS:---update-epochs 1 --replay 100%} ${UPDATE_ARGS:-}
fi
