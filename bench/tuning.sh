#!/usr/bin/env bash
# Simple regret of the MLTuning strategies (random, anneal, bayes, grid where the grid fits the
# budget) on Branin, Hartmann-6, Rosenbrock-5 and a mixed log/integer/categorical space, over
# 20 seeds at budgets 50 and 100, with each strategy's own time per trial; then the time of a
# Bayesian-optimisation proposal in 20 dimensions with 100 and 200 trials in the history.
# Release build.
#
#   bench/tuning.sh                       # the full table (a few minutes on 2 cores)
#   bench/tuning.sh --seeds 5 --only branin --strategies bayes
#
# Reference (median regret at 50 / 100 evaluations, Optuna 5.0.0 on a machine of this kind):
#   GPSampler  branin 3.9e-5 / 1.7e-5, hartmann6 3.8e-3 / 1.7e-4, rosenbrock5 15.8 / 3.5, mixed 1.4e-5 / 7.7e-6
#   TPE        0.11 / 0.019, 0.33 / 0.094, 15.7 / 5.9, 0.058 / 0.0039
#   random     0.75 / 0.38, 1.55 / 1.20, 102 / 88, 0.72 / 0.46
#   scipy dual_annealing  2.8e-13, 0.26 / 1.5e-5, 4.6 / 3.1, 0.40 / 0.10
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product mass-bench >/dev/null
bench="$(swift build -c release --show-bin-path)/mass-bench"
if (($# == 0)); then
    set -- --seeds 20 --budgets 50,100 --timing-dimensions 20 --timing-trials 100,200
fi
"$bench" tuning "$@"
