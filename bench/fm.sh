#!/usr/bin/env bash
# `fm` on MovieLens 100k: pipelines/movielens-fm.yaml from a clean cache in a
# release build, one job at a time (fit seconds and RMSE per fold for mf, fm
# without side features and fm with them), then the same features in myFM
# (pip's `myfm`, Gibbs sampling as libFM's MCMC), the reference installed
# from PyPI into a throwaway virtual environment.
#
#   bench/fm.sh              # both
#   SKIP_REFERENCE=1 bench/fm.sh
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/fetch-movielens.sh >/dev/null
swift build -c release --product mass
mass="$(swift build -c release --show-bin-path)/mass"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pipelines"
cp pipelines/movielens-fm.yaml "$work/pipelines/"
ln -s "$PWD/data" "$work/data"
"$mass" run "$work/pipelines/movielens-fm.yaml" --jobs 1 --json >"$work/run.json"
python3 - "$work/run.json" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
fits = {}
for node in run["nodes"]:
    if node["id"].startswith("fit "):
        fits.setdefault(node["id"].split(" @ ")[0][4:], []).append(node["milliseconds"] / 1000)
for model in run["results"]["models"]:
    name, rmse = model["name"], model["metrics"]["rmse"]
    seconds = fits.get(name, [])
    print(f"mass {name}: mean rmse {rmse['mean']:.4f} ± {rmse['std']:.4f}; fit "
          + ", ".join(f"{s:.2f}" for s in seconds) + " s per fold")
PY

if [[ -z "${SKIP_REFERENCE:-}" ]]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet myfm==0.4.0 numpy scipy
    TQDM_DISABLE=1 "$work/venv/bin/python" bench/fm_reference.py data/ml-100k "${FM_RANK:-16}" "${FM_ITERATIONS:-200}"
fi
echo "(machine load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
