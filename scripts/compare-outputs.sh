#!/usr/bin/env bash
# Checks that the working tree's `harvest` writes byte for byte what an earlier revision's wrote, on everything
# scripts/output-snapshot.sh runs (the demo, a generated history under each of the five jurisdictions, the README's
# backtests on real prices when ../shared is there).
#
# Usage: scripts/compare-outputs.sh [REVISION] [TRANSACTIONS]
#   REVISION      what to compare against (default: HEAD); built from a git worktree in .build-baseline/
#   TRANSACTIONS  the size of the generated history (default 100000)
# Both sides are release builds; the revision's outputs are kept in .build-baseline/old for the next run. Exit status 0
# when every output is identical, 1 otherwise (the differences are listed; the outputs stay in .build-baseline/old and
# .build-baseline/new).
set -euo pipefail
cd "$(dirname "$0")/.."
revision=${1:-HEAD}
transactions=${2:-100000}
root=$PWD/.build-baseline
mkdir -p "$root"
commit=$(git rev-parse "$revision^{commit}")
if [ "$(cat "$root/commit" 2>/dev/null)" != "$commit" ]; then
    rm -rf "$root/src"
    git worktree prune
    git worktree add --detach "$root/src" "$commit" >/dev/null
    echo "$commit" > "$root/commit"
fi
# The earlier revision's outputs are kept for the next run (same revision and size: the same files).
key="$commit $transactions"
if [ "$(cat "$root/old.key" 2>/dev/null)" != "$key" ]; then
    echo "building $revision ($commit) (release)..." >&2
    swift build -c release --package-path "$root/src" --scratch-path "$root/scratch" --product harvest >&2
    old=$(swift build -c release --package-path "$root/src" --scratch-path "$root/scratch" --show-bin-path)/harvest
    rm -f "$root/old.key"
    scripts/output-snapshot.sh "$old" "$root/old" "$transactions"
    echo "$key" > "$root/old.key"
fi
echo "building the working tree (release)..." >&2
swift build -c release --product harvest >&2
new=$(swift build -c release --show-bin-path)/harvest
scripts/output-snapshot.sh "$new" "$root/new" "$transactions"
files=$(find "$root/old" -type f | wc -l)
if diff -r -q "$root/old" "$root/new" > "$root/differences.txt"; then
    echo "identical: all $files output files of $revision and the working tree are byte for byte the same"
else
    echo "DIFFERENT: $(wc -l < "$root/differences.txt") of $files output files differ (diff -r $root/old $root/new):"
    cat "$root/differences.txt"
    exit 1
fi
