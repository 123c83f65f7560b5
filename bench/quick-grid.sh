#!/usr/bin/env bash
# The quick grid's wall time three ways, each on a fresh cache: `run --workers 1`, `run --workers 2`,
# and `run --queue` with two `hedgelab worker` processes on this machine (a redis-server on a free
# loopback port). Prints one line per way with the wall seconds and the load average before and
# after. Needs a built dist/ (`npm run -s build`) and redis-server; never part of `npm test`.
# Usage: bash bench/quick-grid.sh [CONFIG]   (default experiments/quick.json)
set -euo pipefail
config="${1:-experiments/quick.json}"
root="$(mktemp -d)"
bin="node dist/cli/bin.js"
load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }
report() { printf '%-10s wall %7.1f s   load before %s   after %s\n' "$1" "$2" "$3" "$(load)"; }

for n in 1 2; do
  before="$(load)"
  t0="$(now)"
  $bin run --config "$config" --workers "$n" --cache "$root/cache-w$n" --out "$root/out-w$n" --name q >/dev/null 2>"$root/w$n.log"
  report "workers=$n" "$(echo "$(now) - $t0" | bc)" "$before"
done

port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
redis=$!
trap 'kill $redis ${w1:-} ${w2:-} 2>/dev/null || true' EXIT
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
url="redis://127.0.0.1:$port"
$bin worker --queue "$url" --cache "$root/cache-q" 2>"$root/worker1.log" &
w1=$!
$bin worker --queue "$url" --cache "$root/cache-q" 2>"$root/worker2.log" &
w2=$!
sleep 2 # both workers waiting for jobs
before="$(load)"
t0="$(now)"
$bin run --config "$config" --queue "$url" --cache "$root/cache-q" --out "$root/out-q" --name q >/dev/null 2>"$root/q.log"
report "queue+2" "$(echo "$(now) - $t0" | bc)" "$before"
echo "logs in $root"
