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
# cached: the second and later runs) REPS times each, and the medians of
# wall time and CPU time (user + system) printed.
#   bench/stages-scale.sh [COUNT...]     (default: 1000 10000; REPS=7)
# MASS=path/to/mass times that binary instead of building one; BEFORE=path/to/mass
# also times that one, run for run in turns with it on the same pipelines and
# cache (before/after on a shared machine, whose load changes between runs).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
if [[ -n ${MASS:-} ]]; then
  mass=$(cd "$(dirname "$MASS")" && pwd)/$(basename "$MASS")
else
  swift build -c release --product mass >/dev/null
  mass="$root/.build/release/mass"
fi
before=""
[[ -n ${BEFORE:-} ]] && before=$(cd "$(dirname "$BEFORE")" && pwd)/$(basename "$BEFORE")
counts=("$@")
((${#counts[@]})) || counts=(1000 10000)
reps=${REPS:-7}
work=$(mktemp -d "${TMPDIR:-/tmp}/mass-stages-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }
# One run's wall time and CPU time (user + system), in ms; a failing run
# stops the benchmark.
timed_ms() {
  local TIMEFORMAT='%3R %3U %3S' measured wall user system
  measured=$({ time "$@" >/dev/null 2>"$work/stderr"; } 2>&1) \
    || { echo "failed: $* (see below)" >&2; cat "$work/stderr" >&2; exit 1; }
  read -r wall user system <<< "$measured"
  awk -v w="$wall" -v u="$user" -v s="$system" 'BEGIN { printf "%d %d\n", w * 1000, (u + s) * 1000 }'
}
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
# Medians of wall time and of CPU time of `mass ARGS...` run N times; on a
# busy machine the CPU time says what the run itself costs. With BEFORE,
# that binary runs in turns with this one, and its two medians follow.
medians_ms() {
  local n=$1; shift
  local walls=() cpus=() before_walls=() before_cpus=() wall cpu
  for ((r = 0; r < n; r++)); do
    read -r wall cpu <<< "$(timed_ms "$mass" "$@")"
    walls+=("$wall"); cpus+=("$cpu")
    if [[ -n $before ]]; then
      read -r wall cpu <<< "$(timed_ms "$before" "$@")"
      before_walls+=("$wall"); before_cpus+=("$cpu")
    fi
  done
  echo "$(median "${walls[@]}") $(median "${cpus[@]}")" \
    "${before:+$(median "${before_walls[@]}") $(median "${before_cpus[@]}")}"
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

echo "medians of $reps runs; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
[[ -n $before ]] && echo "in turns with $before: its medians in brackets"
printf '%-14s %8s %8s %8s %7s %12s %12s %7s\n' pipeline cold_ms noop_ms noop_cpu target validate_ms validate_cpu target
for count in "${counts[@]}"; do
  for shape in chain fanout; do
    dir=$work/$shape-$count
    make_pipeline "$dir" "$shape" "$count"
    cd "$dir"
    read -r validate validate_cpu before_validate before_validate_cpu <<< "$(medians_ms "$reps" validate pipeline.yaml)"
    t0=$(now_ms); "$mass" run pipeline.yaml --jobs 2 --quiet >/dev/null; cold=$(($(now_ms) - t0))
    "$mass" status pipeline.yaml >/dev/null || { echo "not up to date after the cold run" >&2; exit 1; }
    read -r noop noop_cpu before_noop before_noop_cpu <<< "$(medians_ms "$reps" run pipeline.yaml --quiet)"
    # The re-runs must have run nothing: every node cached.
    if "$mass" run pipeline.yaml --json | grep -v '"outcome" : "cached"' | grep -q '"outcome"'; then
      echo "a re-run of $shape-$count ran nodes" >&2; exit 1
    fi
    noop_target=$( ((count <= 1000)) && echo "<100" || echo "<500")
    validate_target=$( ((count >= 10000)) && echo "<300" || echo "-")
    if [[ -n $before ]]; then
      noop="$noop [$before_noop]"; noop_cpu="$noop_cpu [$before_noop_cpu]"
      validate="$validate [$before_validate]"; validate_cpu="$validate_cpu [$before_validate_cpu]"
    fi
    printf '%-14s %8s %8s %8s %7s %12s %12s %7s\n' "$shape-$count" "$cold" "$noop" "$noop_cpu" "$noop_target" \
      "$validate" "$validate_cpu" "$validate_target"
    cd "$root"
    rm -rf "$dir"
  done
done
