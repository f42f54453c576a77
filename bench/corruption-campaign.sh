#!/usr/bin/env bash
# Corruption campaign (release build): damages each kind of cache entry of
# bench/fixtures/campaign in turn (the stored result of a node of each kind,
# stored files, the stat cache, the lock file, the run record, a record of a
# running stage, the stage outputs) by truncating, flipping a byte, deleting
# and replacing it, then checks that the runs end exactly as with a clean
# cache (exit code, results and gates, report files, lock file, outputs) and
# that the damaged entry is made again. See bench/corruption-campaign.py.
#   bench/corruption-campaign.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product mass >/dev/null
exec python3 bench/corruption-campaign.py "$(pwd)/.build/release/mass" "$(pwd)/bench/fixtures/campaign"
