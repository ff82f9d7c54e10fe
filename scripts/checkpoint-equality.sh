#!/usr/bin/env bash
# Checks on a large history that what the commands answer from a stored replay checkpoint (warm) is byte for byte what
# a whole replay gives (`--full`: the replay's own values, figured as without checkpoints), under each of the five
# jurisdictions: gains as CSV, as JSON (each row's sources and valuations) and as the table with every year's summary,
# each year alone, holdings, plan, wash-check.
#
# Usage: [JURISDICTIONS="us uk"] [QUICK=1] scripts/checkpoint-equality.sh DATABASE [BINARY]
#   DATABASE  a database holding the history (e.g. `harvest generate --transactions 1000000 --seed 7 > big.csv;
#             harvest --db big.sqlite import big.csv`); the script works on a copy, with base-currency USD (the generated
#             history is in dollars, under every country's rules, as the README's UK and Canadian engine runs are).
#   BINARY    the harvest binary (default: .build/release/harvest)
#   JURISDICTIONS  the codes to check (default: all five); QUICK=1 checks only the gains table with every year's summary,
#             the gains JSON and holdings (each check is two commands on the whole history: a minute or more each on a million rows)
#   NEWER     a Harvest CSV of rows dated after the history (e.g. 2025-03-01 on): then, per jurisdiction, `gains --year`
#             of 2023 and 2024 is also run right after importing it, when the checkpoint stored before the import still
#             answers those years (issue 16), and compared with `--full` after the import (standard output only: the
#             earlier checkpoint's answer adds a note on standard error); and each of the gains table with every year's
#             summary, the gains JSON and holdings is run as the first command after the import, which resumes from the
#             engine's state stored at a year's start (every jurisdiction but the UK's), and compared with `--full`
#             (standard output and standard error)
# Exit status 0 when every pair is identical, 1 otherwise (the differing outputs stay in the work folder it names).
set -euo pipefail
database=${1:?usage: scripts/checkpoint-equality.sh DATABASE [BINARY]}
harvest=${2:-$(dirname "$0")/../.build/release/harvest}
work=$(mktemp -d)
cp "$database" "$work/db.sqlite"
"$harvest" --db "$work/db.sqlite" settings set base-currency USD > /dev/null
failures=0
check() {
    local name=$1; shift
    "$harvest" --db "$work/db.sqlite" "$@" --full > "$work/$name.full" 2> "$work/$name.full.err"
    "$harvest" --db "$work/db.sqlite" "$@" > "$work/$name.warm" 2> "$work/$name.warm.err"
    if cmp -s "$work/$name.full" "$work/$name.warm" && cmp -s "$work/$name.full.err" "$work/$name.warm.err"; then
        echo "same: $* ($(wc -l < "$work/$name.warm") lines)"
    else
        echo "DIFFERENT: $*"
        failures=$((failures + 1))
    fi
}
# `gains --year` from the checkpoint stored before an import of newer rows, against `--full` after it.
check_earlier() {
    local code=$1 year=$2 name="earlier-$1-$2"
    cp "$database" "$work/earlier.sqlite"
    "$harvest" --db "$work/earlier.sqlite" settings set base-currency USD > /dev/null
    "$harvest" --db "$work/earlier.sqlite" gains --year "$year" --jurisdiction "$code" > /dev/null 2>&1
    "$harvest" --db "$work/earlier.sqlite" import "$NEWER" > /dev/null 2>&1
    "$harvest" --db "$work/earlier.sqlite" gains --year "$year" --all --jurisdiction "$code" > "$work/$name.warm" 2> "$work/$name.warm.err"
    "$harvest" --db "$work/earlier.sqlite" gains --year "$year" --all --jurisdiction "$code" --full > "$work/$name.full" 2> /dev/null
    if ! grep -q "is read from that replay's checkpoint" "$work/$name.warm.err"; then
        echo "not from the earlier checkpoint: gains --year $year --jurisdiction $code"
    fi
    if cmp -s "$work/$name.full" "$work/$name.warm"; then
        echo "same: gains --year $year --jurisdiction $code after importing $NEWER ($(wc -l < "$work/$name.warm") lines)"
    else
        echo "DIFFERENT: gains --year $year --jurisdiction $code after importing $NEWER"
        failures=$((failures + 1))
    fi
}
# The first command after importing $NEWER (resumed from the state stored by the command before the import) against
# `--full` after the import.
check_resumed() {
    local code=$1 name="resumed-$1-$2"; shift 2
    if [ ! -f "$work/stored-$code.sqlite" ]; then
        cp "$database" "$work/stored-$code.sqlite"
        "$harvest" --db "$work/stored-$code.sqlite" settings set base-currency USD > /dev/null
        "$harvest" --db "$work/stored-$code.sqlite" gains --year 2024 --jurisdiction "$code" > /dev/null 2>&1
    fi
    cp "$work/stored-$code.sqlite" "$work/resumed.sqlite"
    "$harvest" --db "$work/resumed.sqlite" import "$NEWER" > /dev/null 2>&1
    cp "$work/resumed.sqlite" "$work/whole.sqlite"
    "$harvest" --db "$work/resumed.sqlite" "$@" --jurisdiction "$code" > "$work/$name.warm" 2> "$work/$name.warm.err"
    "$harvest" --db "$work/whole.sqlite" "$@" --jurisdiction "$code" --full > "$work/$name.full" 2> "$work/$name.full.err"
    if cmp -s "$work/$name.full" "$work/$name.warm" && cmp -s "$work/$name.full.err" "$work/$name.warm.err"; then
        echo "same: $* --jurisdiction $code, the first command after importing $NEWER ($(wc -l < "$work/$name.warm") lines)"
    else
        echo "DIFFERENT: $* --jurisdiction $code, the first command after importing $NEWER"
        failures=$((failures + 1))
    fi
}
for code in ${JURISDICTIONS:-us uk ca au de}; do
    if [ -n "${NEWER:-}" ]; then
        for year in 2023 2024; do check_earlier "$code" "$year"; done
        check_resumed "$code" table gains --all
        check_resumed "$code" json gains --format json
        check_resumed "$code" holdings holdings --as-of 2026-01-01 --all
    fi
    if [ -n "${QUICK:-}" ]; then
        check "gains-table-$code" gains --all --jurisdiction "$code"
        check "gains-json-$code" gains --format json --jurisdiction "$code"
        check "holdings-$code" holdings --as-of 2026-01-01 --all --jurisdiction "$code"
        continue
    fi
    check "gains-csv-$code" gains --format csv --jurisdiction "$code"
    check "gains-json-$code" gains --format json --jurisdiction "$code"
    check "gains-table-$code" gains --all --jurisdiction "$code"
    for year in 2023 2024; do
        check "gains-$year-$code" gains --year "$year" --all --jurisdiction "$code"
    done
    check "holdings-$code" holdings --as-of 2026-01-01 --all --jurisdiction "$code"
    check "plan-$code" plan --as-of 2026-01-01 --jurisdiction "$code"
    check "wash-check-$code" wash-check --as-of 2025-01-10 --jurisdiction "$code"
done
if [ "$failures" -gt 0 ]; then
    echo "$failures output(s) differ: see $work"
    exit 1
fi
rm -rf "$work"
echo "every output identical"
