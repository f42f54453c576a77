#!/usr/bin/env bash
# Requests per second and latency of `mass serve` on MovieLens 100k
# (pipelines/movielens-serve.yaml: weighted baseline, mf with 100 factors, item knn),
# measured with wrk on loopback: several connection counts (the highest rate with
# p99 < 5 ms), one connection (about the low-rate latency), then the same while a
# second process posts rating events at about 1,000 per second.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-18080}
seconds=${SECONDS_PER_RUN:-15}

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
[ -f data/ml-100k/ml-100k.inter ] || scripts/fetch-movielens.sh
swift build -c release --product mass
mass=.build/release/mass
work=$(mktemp -d)
trap 'kill "${server:-}" "${poster:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
"$mass" export pipelines/movielens-serve.yaml -o "$work/serve.mass"
"$mass" serve "$work/serve.mass" --port "$port" &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# Cycles through the 943 MovieLens users, one per request.
cat >"$work/recommend.lua" <<'LUA'
local n = 0
request = function()
  n = n % 943 + 1
  return wrk.format("GET", "/v1/recommend?user=" .. n .. "&n=10")
end
LUA

run() {
  echo "== $1"
  shift
  wrk --latency -d "${seconds}s" "$@" -s "$work/recommend.lua" "http://127.0.0.1:$port" |
    grep -E "Requests/sec|^ +(50|99|99.900)%"
}

for connections in 1 2 4 8 16; do
  run "$connections connections, 2 threads" -t "$([[ $connections -ge 2 ]] && echo 2 || echo 1)" -c "$connections"
done

# About 1,000 events per second from a second process, in batches of 10 every 10 ms.
python3 - "$port" <<'PY' &
import json, random, sys, time, urllib.request
port = sys.argv[1]
random.seed(1)
while True:
    started = time.monotonic()
    events = [{"user": str(random.randint(1, 943)), "item": str(random.randint(1, 1682)),
               "rating": random.randint(1, 5)} for _ in range(10)]
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/events", data=json.dumps(events).encode(),
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request).read()
    time.sleep(max(0, 0.01 - (time.monotonic() - started)))
PY
poster=$!
for connections in 1 4 16; do
  run "$connections connections while events arrive at ~1,000/s" -t "$([[ $connections -ge 2 ]] && echo 2 || echo 1)" \
    -c "$connections"
done
curl -s "http://127.0.0.1:$port/v1/model" | python3 -c 'import json,sys; m=json.load(sys.stdin); print("events learned:", m["eventsLearned"])'
