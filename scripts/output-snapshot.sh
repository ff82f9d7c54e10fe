#!/usr/bin/env bash
# Writes every user-visible output of one `harvest` binary into a directory, so that two builds can be compared
# byte for byte (scripts/compare-outputs.sh does that).
#
# Usage: scripts/output-snapshot.sh HARVEST_BINARY OUT_DIR [TRANSACTIONS]
#
# What it runs, each command's stdout, stderr and exit status kept apart (OUT_DIR/<set>/<name>.{stdout,stderr,status}):
# - demo: `harvest demo` (its temporary directory's name is replaced by DEMO_DIR);
# - for each of the five jurisdictions (us uk ca au de), a database holding the same generated history
#   (`harvest generate --transactions N --seed 7`, 100,000 by default, with its prices) and base currency USD:
#   gains (table, CSV, JSON, one year), every report for every year (each country's report whatever the database's
#   jurisdiction: they force their own rules; 8949 refuses the others), holdings, plan (table, CSV, JSON, a loss
#   target, a target allocation, other countries' advice), wash-check, transfers, the transaction list (table, CSV,
#   JSON, filtered), settings and profile, and
#   backtests on the generated prices (four strategies, a sweep, the wash-sale option, its CSV and SVG);
# - when ../shared/data/prices is beside the repository, the README's backtest on real prices.
set -uo pipefail
binary=$(realpath "$1")
out=$(realpath -m "$2")
transactions=${3:-100000}
here=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out"
mkdir -p "$out/work"
work="$out/work"

# Runs a command with its outputs in $set/$name.*; the work directory's path is written as WORK.
run() {
    local name=$1
    shift
    mkdir -p "$out/$set"
    (cd "$work" && "$binary" "$@") > "$out/$set/$name.stdout" 2> "$out/$set/$name.stderr"
    echo $? > "$out/$set/$name.status"
    sed -i -e "s|$work|WORK|g" -e 's|/tmp/harvest-demo-[0-9A-F]*|DEMO_DIR|g' "$out/$set/$name.stdout" "$out/$set/$name.stderr"
}

set=demo
run demo demo

"$binary" generate --transactions "$transactions" --seed 7 --prices-directory "$work/prices" > "$work/history.csv"
assets=BTC,ETH,SOL,ADA,LINK,BNB,DOT,MATIC
years="2020 2021 2022 2023 2024 2025"
for code in us uk ca au de; do
    set=$code
    export HARVEST_DB="$work/$code.sqlite"
    run settings-jurisdiction settings set jurisdiction "$code"
    run settings-currency settings set base-currency USD
    run import import history.csv
    run prices prices import prices/ADA-USD.csv prices/BNB-USD.csv prices/BTC-USD.csv prices/DOT-USD.csv \
        prices/ETH-USD.csv prices/LINK-USD.csv prices/MATIC-USD.csv prices/SOL-USD.csv
    run settings settings
    run profile profile
    run gains-table gains
    run gains-csv gains --format csv
    run gains-json gains --format json
    run gains-2023 gains --year 2023
    run gains-2023-json gains --year 2023 --format json
    case $code in
        us) run gains-hifo-2024 gains --year 2024 --method hifo --format csv ;;
        au) run gains-specific-2024 gains --year 2024 --method specific --format csv ;;
        *) run gains-method-refused gains --year 2024 --method lifo ;;
    esac
    for year in $years; do
        for report in 8949 uk-sa schedule3 au-cgt de-so; do run "report-$report-$year" report "$report" --year "$year"; done
    done
    run report-8949-file report 8949 --year 2023 --output report-8949.csv
    cp "$work/report-8949.csv" "$out/$set/report-8949-file.csv" 2>/dev/null
    run report-de-so-file report de-so --year 2023 --output report-de-so.csv
    cp "$work/report-de-so.csv" "$out/$set/report-de-so-file.csv" 2>/dev/null
    run holdings-table holdings --as-of 2024-08-05
    run holdings-csv holdings --as-of 2024-08-05 --format csv
    run holdings-json holdings --as-of 2022-06-30 --format json
    for day in 2022-06-18 2024-08-05; do
        run "plan-$day" plan --as-of "$day"
        run "plan-$day-csv" plan --as-of "$day" --format csv
        run "plan-$day-json" plan --as-of "$day" --format json
    done
    run plan-realize plan --as-of 2022-06-18 --realize-loss 12000
    run plan-target plan --as-of 2024-08-05 --target "BTC=0.4,ETH=0.3,SOL=0.1,ADA=0.05,LINK=0.05,BNB=0.05,DOT=0.05" --format json
    run plan-warn plan --as-of 2022-06-18 --warn-for uk,ca,au
    run plan-replacements plan --as-of 2022-06-18 --replacements SOL,ADA --lookback 30 --min-benefit 50
    run wash-check wash-check --as-of 2022-06-18
    run wash-check-warn wash-check --as-of 2024-08-05 --warn-for uk,ca,au
    run transfers transfers
    run tx-list tx list
    run tx-list-csv tx list --format csv
    run tx-list-json tx list --format json
    run tx-list-eth tx list --asset ETH --from 2024-01-01 --to 2024-03-31 --format json
    run transfers-unmatched transfers list --unmatched --format csv
    run backtest backtest --prices prices --assets "$assets" --start 2020-01-01 --end 2024-12-31 \
        --compare none,yearend,threshold:0.10,planner --deposit 1000/month --out backtest.csv --chart backtest.svg
    cp "$work/backtest.csv" "$out/$set/backtest-out.csv" 2>/dev/null
    cp "$work/backtest.svg" "$out/$set/backtest-chart.svg" 2>/dev/null
    run backtest-sweep backtest --prices prices --assets BTC,ETH,SOL --start 2021-01-01 --end 2023-12-31 \
        --sweep threshold=0.05..0.25:0.10 --rebalance yearly --taxes-from outside --at-end hold
    run backtest-wash backtest --prices prices --assets BTC,ETH,SOL,ADA --start 2021-01-01 --end 2023-12-31 \
        --strategy threshold:0.10 --wash-sale crypto=on --rebalance monthly
done
unset HARVEST_DB

set=errors
export HARVEST_DB="$work/errors.sqlite"
run jurisdiction-unknown gains --jurisdiction xx
run rebalance-unknown backtest --prices prices --assets BTC --start 2021-01-01 --end 2021-12-31 --rebalance weekly
run taxes-from-unknown backtest --prices prices --assets BTC --start 2021-01-01 --end 2021-12-31 --taxes-from nowhere
run warn-for-unknown plan --warn-for fr
unset HARVEST_DB

shared="$here/../shared/data/prices"
if [ -d "$shared" ]; then
    set=real-prices
    run readme-btc-eth backtest --prices "$shared" --assets BTC,ETH --start 2018-01-01 --end 2024-12-31 \
        --initial 100000 --deposit 1000/month --rebalance quarterly --compare none,yearend,threshold:0.10,threshold:0.20,planner
    printf 'base-currency = USD\nrate-band = lower\n' > "$work/profile.txt"
    for code in uk ca au de; do
        run "readme-$code" backtest --prices "$shared" --assets BTC,ETH,SOL --start 2020-01-01 --end 2024-12-31 \
            --jurisdiction "$code" --profile profile.txt --compare none,yearend,planner
    done
fi
rm -rf "$work"
echo "wrote $(find "$out" -type f | wc -l) files into $out" >&2
