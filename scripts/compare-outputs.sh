#!/usr/bin/env bash
# Checks that the working tree's `harvest` writes byte for byte what an earlier revision's wrote, on everything
# scripts/output-snapshot.sh runs (the demo, a generated history under each of the five jurisdictions, the README's
# backtests on real prices when ../shared is there).
#
# Usage: scripts/compare-outputs.sh [REVISION] [TRANSACTIONS]
#   REVISION      what to compare against (default: HEAD); built from a git worktree in .build-baseline/
#   TRANSACTIONS  the size of the generated history (default 100000)
# Both sides are release builds. Exit status 0 when every output is identical, 1 otherwise (the differences are
# listed, and left in .build-baseline/old and .build-baseline/new).
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
echo "building $revision ($commit) and the working tree (release)..." >&2
swift build -c release --package-path "$root/src" --scratch-path "$root/scratch" --product harvest >&2
swift build -c release --product harvest >&2
old=$(swift build -c release --package-path "$root/src" --scratch-path "$root/scratch" --show-bin-path)/harvest
new=$(swift build -c release --show-bin-path)/harvest
scripts/output-snapshot.sh "$old" "$root/old" "$transactions" &
scripts/output-snapshot.sh "$new" "$root/new" "$transactions"
wait
files=$(find "$root/old" -type f | wc -l)
if diff -r -q "$root/old" "$root/new" > "$root/differences.txt"; then
    echo "identical: all $files output files of $revision and the working tree are byte for byte the same"
else
    echo "DIFFERENT: $(wc -l < "$root/differences.txt") of $files output files differ (diff -r $root/old $root/new):"
    cat "$root/differences.txt"
    exit 1
fi
