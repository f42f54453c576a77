#!/usr/bin/env bash
# How mass scales with the number of command stages (release build): the
# no-op re-run and `mass validate` of a chain (stage i reads stage i-1's
# output) and a fan-out (every stage reads one input file) of 1,000 and
# 10,000 stages. Checking and planning must be linear in stages plus edges.
# Targets: no-op re-run under 100 ms (1,000) and 500 ms (10,000); validate
# of 10,000 stages under 300 ms.
#   bench/stages-scale.sh [COUNT...]     (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
swift build -c release --product mass >/dev/null
mass="$root/.build/release/mass"
counts=("$@")
((${#counts[@]})) || counts=(1000 10000)

now_ms() { date +%s%3N; }
# Median wall time in ms of a command run N times.
median_ms() {
  local n=$1; shift
  local times=()
  for ((r = 0; r < n; r++)); do
    local t0; t0=$(now_ms); "$@" >/dev/null 2>&1; times+=($(($(now_ms) - t0)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((n + 1) / 2))p"
}

make_pipeline() { # folder shape count
  local dir=$1 shape=$2 count=$3
  rm -rf "$dir"; mkdir -p "$dir"
  echo 0 > "$dir/input.txt"
  awk -v shape="$shape" -v count="$count" 'BEGIN {
    print "mass: 1"; print "stages:"
    for (i = 0; i < count; i++) {
      dep = (shape == "chain" && i > 0) ? "out" (i - 1) ".txt" : "input.txt"
      printf "  s%d: {run: \"cat %s > out%d.txt; echo %d >> out%d.txt\", deps: [%s], outs: [out%d.txt]}\n", i, dep, i, i, i, dep, i
    }
  }' > "$dir/pipeline.yaml"
}

printf '%-14s %12s %12s %12s\n' pipeline cold_ms noop_ms validate_ms
for count in "${counts[@]}"; do
  for shape in chain fanout; do
    dir=/tmp/mass-bench-scale/$shape-$count
    make_pipeline "$dir" "$shape" "$count"
    cd "$dir"
    validate=$(median_ms 5 "$mass" validate pipeline.yaml)
    t0=$(now_ms); "$mass" run pipeline.yaml --jobs 2 --quiet >/dev/null; cold=$(($(now_ms) - t0))
    "$mass" status pipeline.yaml >/dev/null || { echo "not up to date after the cold run" >&2; exit 1; }
    noop=$(median_ms 7 "$mass" run pipeline.yaml --quiet)
    printf '%-14s %12s %12s %12s\n' "$shape-$count" "$cold" "$noop" "$validate"
    cd "$root"
  done
done
