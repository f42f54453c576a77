#!/usr/bin/env bash
# Kill campaign (release build): RUNS runs of bench/fixtures/campaign (command
# stages, three models and their stacking), each in a fresh copy of the
# fixture, stopped at a random moment by a random signal:
#   SIGKILL to mass alone (the out-of-memory killer: stages must not outlive it),
#   SIGTERM to mass alone (a supervisor), SIGINT to its process group (Ctrl-C).
# Each run is then resumed to the end, and its results compared byte for byte
# with an uninterrupted reference run: the report files, the lock file, every
# stage output, `mass show --json`, the exit code, and that a further run
# does nothing. Also checked: the interrupted run's exit code (128 + the
# signal when it landed before the end), and that no process of the run is
# left behind once mass is gone.
#
# Delays and signals come from a seeded generator: the same SEED gives the
# same campaign (where a signal lands still depends on the machine's speed).
#   bench/kill-campaign.sh [RUNS] [SEED]     (default: 20 runs, seed 2024)
set -euo pipefail
set -m  # background runs get their own process group and default signal handling
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-20}
seed=${2:-2024}
swift build -c release --product mass >/dev/null
mass="$root/.build/release/mass"
fixture="$root/bench/fixtures/campaign"
work=$(mktemp -d "${TMPDIR:-/tmp}/mass-kill-campaign.XXXXXX")
trap 'rm -rf "$work"' EXIT

# What a finished run leaves, one file per item, for comparison with `cmp`.
snapshot() { # project folder → snapshot folder
  local project=$1 into=$2
  mkdir -p "$into"
  for file in pipeline.lock out/results.json out/results.md out/count.txt raw/ratings.csv data/ratings.csv; do
    cp "$project/$file" "$into/$(echo "$file" | tr / _)" 2>/dev/null || echo "missing" > "$into/$(echo "$file" | tr / _)"
  done
  (cd "$project" && "$mass" show pipeline.yaml --json > "$into/show.json" 2>/dev/null || true)
}

now_ms() { date +%s%3N; }

# Processes whose working folder is inside $1 (stages left running).
leftovers() {
  local folder=$1 found=0
  for cwd in /proc/[0-9]*/cwd; do
    target=$(readlink "$cwd" 2>/dev/null) || continue
    [[ $target == "$folder" || $target == "$folder"/* ]] && found=$((found + 1))
  done
  echo "$found"
}

# The reference: one uninterrupted run.
reference=$work/reference
cp -r "$fixture" "$reference"
t0=$(now_ms)
set +e
(cd "$reference" && "$mass" run pipeline.yaml --quiet > /dev/null 2>&1)
reference_status=$?
set -e
reference_ms=$(($(now_ms) - t0))
snapshot "$reference" "$work/expected"
echo "reference run: exit $reference_status in $reference_ms ms; seed $seed, $runs runs"

RANDOM=$seed
signals=(KILL TERM INT)
declare -A sent=([KILL]=0 [TERM]=0 [INT]=0)
declare -A landed=([KILL]=0 [TERM]=0 [INT]=0)
identical=0
mismatches=0
orphans=0
details=()

for ((run = 1; run <= runs; run++)); do
  project=$work/run-$run
  cp -r "$fixture" "$project"
  signal=${signals[RANDOM % 3]}
  # Up to 110% of the reference time, so that some signals arrive after the end.
  delay_ms=$(((RANDOM * 32768 + RANDOM) % (reference_ms * 11 / 10 + 1)))
  cd "$project"
  "$mass" run pipeline.yaml --quiet > interrupted.log 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  sent[$signal]=$((sent[$signal] + 1))
  if [[ $signal == INT ]]; then kill -s INT -- "-$pid" 2>/dev/null || true; else kill -s "$signal" "$pid" 2>/dev/null || true; fi
  set +e
  wait "$pid" 2> /dev/null
  status=$?
  set -e
  problems=()
  case $signal in KILL) expected=137 ;; TERM) expected=143 ;; INT) expected=130 ;; esac
  if ((status == expected)); then
    landed[$signal]=$((landed[$signal] + 1))
  elif ((status != reference_status)); then
    problems+=("interrupted run exited $status (expected $expected, or $reference_status had it finished)")
  fi
  # Stages end with their runner: give a killed stage's process group a moment to go, then look
  # (from outside the project, so that this shell is not one of them).
  cd "$root"
  for _ in 1 2 3 4 5 6 7 8 9 10; do (($(leftovers "$project") == 0)) && break; sleep 0.2; done
  left=$(leftovers "$project")
  if ((left > 0)); then
    orphans=$((orphans + 1))
    problems+=("$left process(es) of the stopped run still running")
  fi

  cd "$project"
  set +e
  "$mass" run pipeline.yaml --quiet > resumed.log 2>&1
  resumed_status=$?
  set -e
  ((resumed_status == reference_status)) || problems+=("resumed run exited $resumed_status, reference $reference_status")
  snapshot "$project" "$work/got-$run"
  for file in "$work/expected"/*; do
    name=$(basename "$file")
    cmp -s "$file" "$work/got-$run/$name" || problems+=("$name differs from the uninterrupted run")
  done
  again=$("$mass" run pipeline.yaml --json 2> /dev/null | grep -c '"outcome" : "ran"' || true)
  ((again == 0)) || problems+=("a further run ran $again nodes")
  cd "$root"

  if ((${#problems[@]} == 0)); then
    identical=$((identical + 1))
    printf 'run %2d: SIG%-4s after %5d ms: exit %3d, resumed identical\n' "$run" "$signal" "$delay_ms" "$status"
    rm -rf "$project" "$work/got-$run"
  else
    mismatches=$((mismatches + 1))
    printf 'run %2d: SIG%-4s after %5d ms: exit %3d, MISMATCH (kept in %s)\n' "$run" "$signal" "$delay_ms" "$status" \
      "$project"
    for problem in "${problems[@]}"; do
      echo "    $problem"
      details+=("run $run (SIG$signal after $delay_ms ms): $problem")
    done
    trap - EXIT  # keep the evidence
  fi
done

echo
echo "runs: $runs"
for signal in KILL TERM INT; do
  echo "SIG$signal: ${sent[$signal]} sent, ${landed[$signal]} stopped the run (the others arrived after it ended)"
done
echo "resumed identical: $identical"
echo "processes left behind: $orphans"
echo "mismatches: $mismatches"
for detail in "${details[@]}"; do echo "  $detail"; done
((mismatches == 0))
