#!/usr/bin/env bash
# The dashboard's figures (README, "Dashboard"): each page's time cold and warm on a synthetic history, and the portfolio
# page's throughput on loopback. Needs a release build (`swift build -c release --product harvest`), curl and wrk
# (`apt-get install wrk`). TRANSACTIONS (default 1000000), WORK (a folder kept between runs: the database is made once),
# PORT (default 18467).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/.build/release/harvest
count=${TRANSACTIONS:-1000000}
work=${WORK:-$(mktemp -d)}
port=${PORT:-18467}
db=$work/bench-$count.sqlite
mkdir -p "$work"
if [ ! -f "$db" ]; then
    echo "making $db ($count transactions)" >&2
    "$bin" generate --transactions "$count" --seed 7 --prices-directory "$work/prices" > "$work/history-$count.csv"
    "$bin" --db "$db" import "$work/history-$count.csv" > /dev/null
    "$bin" --db "$db" prices import "$work/prices"/*.csv > /dev/null
fi
"$bin" --db "$db" serve --port "$port" > "$work/serve.out" 2> "$work/serve.err" &
server=$!
trap 'kill $server' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/openapi.json"; do sleep 0.5; done
url=http://127.0.0.1:$port
year=$(curl -s "$url/gains" | grep -o 'href="/gains/[0-9]*"' | tail -1 | grep -o '[0-9][0-9]*')
echo "page: first request (s), then 5 warm requests (s)"
for page in / /harvest /gains "/gains/$year" "/gains/$year/0" /problems /transfers /backtest /settings; do
    first=$(curl -s -o /dev/null -w '%{time_total}' "$url$page")
    warm=""
    for _ in 1 2 3 4 5; do warm="$warm $(curl -s -o /dev/null -w '%{time_total}' "$url$page")"; done
    echo "$page: $first |$warm"
done
echo "portfolio page under load: wrk -t2 -c8 -d10s $url/"
wrk -t2 -c8 -d10s "$url/"
