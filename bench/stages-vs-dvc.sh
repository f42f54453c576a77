#!/usr/bin/env bash
# mass against DVC on pipelines of trivial command stages (release build).
# Pipelines: a chain (stage i reads stage i-1's output) and a fan-out (every
# stage reads one input file), 10 and 100 stages. For each: a cold run
# (mass --jobs 2), a no-op re-run, and for the chain an incremental re-run
# after the first input changes. DVC is installed into a venv under /tmp by
# this script only.
#   bench/stages-vs-dvc.sh [--no-dvc]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
swift build -c release --product mass >/dev/null
mass="$root/.build/release/mass"

use_dvc=1
[[ "${1:-}" == "--no-dvc" ]] && use_dvc=0
if ((use_dvc)); then
  venv=/tmp/mass-bench-dvc
  if [[ ! -x $venv/bin/dvc ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "dvc==3.67.1" || "$venv/bin/pip" install -q dvc
  fi
  dvc="$venv/bin/dvc"
  echo "dvc $("$dvc" --version)"
fi

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

make_pipelines() { # folder shape count
  local dir=$1 shape=$2 count=$3
  rm -rf "$dir"; mkdir -p "$dir"; cd "$dir"
  echo 0 > input.txt
  { echo "mass: 1"; echo "stages:"; } > pipeline.yaml
  echo "stages:" > dvc.yaml
  for ((i = 0; i < count; i++)); do
    if [[ $shape == chain ]]; then
      dep=$([[ $i == 0 ]] && echo input.txt || echo "out$((i - 1)).txt")
    else
      dep=input.txt
    fi
    echo "  s$i: {run: \"cat $dep > out$i.txt; echo $i >> out$i.txt\", deps: [$dep], outs: [out$i.txt]}" >> pipeline.yaml
    printf '  s%d:\n    cmd: cat %s > out%d.txt; echo %d >> out%d.txt\n    deps: [%s]\n    outs: [out%d.txt]\n' \
      "$i" "$dep" "$i" "$i" "$i" "$dep" "$i" >> dvc.yaml
  done
  cd - >/dev/null
}

printf '%-14s %-10s %10s %10s %8s\n' pipeline measure mass_ms dvc_ms ratio
for shape in chain fanout; do
  for count in 10 100; do
    dir=/tmp/mass-bench-stages/$shape-$count
    make_pipelines "$dir" "$shape" "$count"
    cd "$dir"
    t0=$(now_ms); "$mass" run pipeline.yaml --jobs 2 --quiet >/dev/null; cold=$(($(now_ms) - t0))
    noop=$(median_ms 9 "$mass" run pipeline.yaml --quiet)
    incr=-; incr_dvc=-; cold_dvc=-; noop_dvc=-
    if [[ $shape == chain ]]; then
      echo 1 > input.txt; t0=$(now_ms); "$mass" run pipeline.yaml --quiet >/dev/null; incr=$(($(now_ms) - t0))
      echo 0 > input.txt; "$mass" run pipeline.yaml --quiet >/dev/null
    fi
    if ((use_dvc)); then
      rm -rf out*.txt
      "$dvc" init --no-scm -q -f >/dev/null 2>&1 || true
      t0=$(now_ms); "$dvc" repro -q >/dev/null 2>&1; cold_dvc=$(($(now_ms) - t0))
      noop_dvc=$(median_ms 3 "$dvc" repro -q)
      if [[ $shape == chain ]]; then
        echo 1 > input.txt; t0=$(now_ms); "$dvc" repro -q >/dev/null 2>&1; incr_dvc=$(($(now_ms) - t0)); echo 0 > input.txt
      fi
    fi
    ratio() { [[ $2 == - || $1 == 0 ]] && echo - || awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", b / a }'; }
    printf '%-14s %-10s %10s %10s %8s\n' "$shape-$count" cold "$cold" "$cold_dvc" "$(ratio "$cold" "$cold_dvc")"
    printf '%-14s %-10s %10s %10s %8s\n' "$shape-$count" no-op "$noop" "$noop_dvc" "$(ratio "$noop" "$noop_dvc")"
    [[ $shape == chain ]] && printf '%-14s %-10s %10s %10s %8s\n' "$shape-$count" incremental "$incr" "$incr_dvc" "$(ratio "$incr" "$incr_dvc")"
    cd "$root"
  done
done
