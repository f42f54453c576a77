#!/usr/bin/env bash
# How mass scales with the number of command stages (release build): the
# no-op re-run and `mass validate` of a chain (stage i reads stage i-1's
# output) and a fan-out (every stage reads one input file) of 1,000 and
# 10,000 stages. Checking and planning must be linear in stages plus edges.
# Targets: no-op re-run under 100 ms (1,000) and 500 ms (10,000); validate
# of 10,000 stages under 300 ms.
#
# The pipelines are generated in a temporary folder, removed at the end.
# The cold run is timed once; validate and the no-op re-run (everything
# cached: the second and later runs) REPS times each, and the median printed.
#   bench/stages-scale.sh [COUNT...]     (default: 1000 10000; REPS=7)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
swift build -c release --product mass >/dev/null
mass="$root/.build/release/mass"
counts=("$@")
((${#counts[@]})) || counts=(1000 10000)
reps=${REPS:-7}
work=$(mktemp -d "${TMPDIR:-/tmp}/mass-stages-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }
# Median wall time in ms of a command run N times; a failing run stops the benchmark.
median_ms() {
  local n=$1; shift
  local times=()
  for ((r = 0; r < n; r++)); do
    local t0; t0=$(now_ms)
    "$@" >/dev/null 2>"$work/stderr" || { echo "failed: $* (see below)" >&2; cat "$work/stderr" >&2; exit 1; }
    times+=($(($(now_ms) - t0)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((n + 1) / 2))p"
}

make_pipeline() { # folder shape count
  local dir=$1 shape=$2 count=$3
  mkdir -p "$dir"
  echo 0 > "$dir/input.txt"
  awk -v shape="$shape" -v count="$count" 'BEGIN {
    print "mass: 1"; print "stages:"
    for (i = 0; i < count; i++) {
      dep = (shape == "chain" && i > 0) ? "out" (i - 1) ".txt" : "input.txt"
      printf "  s%d: {run: \"cat %s > out%d.txt; echo %d >> out%d.txt\", deps: [%s], outs: [out%d.txt]}\n", i, dep, i, i, i, dep, i
    }
  }' > "$dir/pipeline.yaml"
}

target() { # count → the no-op target in ms
  if (($1 <= 1000)); then echo 100; else echo 500; fi
}

echo "medians of $reps runs; $(nproc) cores"
printf '%-14s %10s %10s %8s %12s %8s\n' pipeline cold_ms noop_ms target validate_ms target
for count in "${counts[@]}"; do
  for shape in chain fanout; do
    dir=$work/$shape-$count
    make_pipeline "$dir" "$shape" "$count"
    cd "$dir"
    validate=$(median_ms "$reps" "$mass" validate pipeline.yaml)
    t0=$(now_ms); "$mass" run pipeline.yaml --jobs 2 --quiet >/dev/null; cold=$(($(now_ms) - t0))
    "$mass" status pipeline.yaml >/dev/null || { echo "not up to date after the cold run" >&2; exit 1; }
    noop=$(median_ms "$reps" "$mass" run pipeline.yaml --quiet)
    # The re-runs must have run nothing: every node cached.
    if "$mass" run pipeline.yaml --json | grep -v '"outcome" : "cached"' | grep -q '"outcome"'; then
      echo "a re-run of $shape-$count ran nodes" >&2; exit 1
    fi
    validate_target=$( ((count >= 10000)) && echo "<300" || echo "-")
    printf '%-14s %10s %10s %8s %12s %8s\n' "$shape-$count" "$cold" "$noop" "<$(target "$count")" "$validate" \
      "$validate_target"
    cd "$root"
    rm -rf "$dir"
  done
done
