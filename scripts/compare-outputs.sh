#!/usr/bin/env bash
# Checks that `harvest` writes byte for byte what an earlier revision's wrote, on everything scripts/output-snapshot.sh
# runs (the demo; a generated history under each of the five jurisdictions: gains CSV and JSON, every report, holdings,
# plan, wash-check, transfers, backtests; the README's backtests on real prices when ../shared is there).
#
# Usage: scripts/compare-outputs.sh [--old REVISION] [--new REVISION] [--transactions N]
#   --old           what to compare against (default: HEAD)
#   --new           what to check (default: the working tree)
#   --transactions  the size of the generated history (default 100000)
# Revisions are built from git worktrees in .build-baseline/, the working tree in .build/; all are release builds. The
# old revision's outputs are kept in .build-baseline/old for the next run with the same revision and size. Exit status 0
# when every output is identical, 1 otherwise: the differing files are listed, and both sets stay in .build-baseline/.
set -euo pipefail
cd "$(dirname "$0")/.."
old_revision=HEAD
new_revision=
transactions=100000
while [ $# -gt 0 ]; do
    case $1 in
        --old) old_revision=$2; shift 2 ;;
        --new) new_revision=$2; shift 2 ;;
        --transactions) transactions=$2; shift 2 ;;
        *) echo "usage: scripts/compare-outputs.sh [--old REVISION] [--new REVISION] [--transactions N]" >&2; exit 64 ;;
    esac
done
root=$PWD/.build-baseline
mkdir -p "$root"

# Builds a revision in its own worktree (.build-baseline/NAME) and prints its binary's path.
build_revision() {
    local name=$1 commit
    commit=$(git rev-parse "$2^{commit}")
    if [ "$(cat "$root/$name.commit" 2>/dev/null)" != "$commit" ]; then
        rm -rf "$root/$name-src"
        git worktree prune
        git worktree add --detach "$root/$name-src" "$commit" >/dev/null
        echo "$commit" > "$root/$name.commit"
    fi
    echo "building $2 ($commit), release..." >&2
    swift build -c release --package-path "$root/$name-src" --scratch-path "$root/$name-scratch" --product harvest >&2
    echo "$(swift build -c release --package-path "$root/$name-src" --scratch-path "$root/$name-scratch" --show-bin-path)/harvest"
}

key="$(git rev-parse "$old_revision^{commit}") $transactions"
if [ "$(cat "$root/old.key" 2>/dev/null)" != "$key" ]; then
    rm -f "$root/old.key"
    scripts/output-snapshot.sh "$(build_revision old "$old_revision")" "$root/old" "$transactions"
    echo "$key" > "$root/old.key"
fi
if [ -n "$new_revision" ]; then
    new=$(build_revision new "$new_revision")
else
    echo "building the working tree, release..." >&2
    swift build -c release --product harvest >&2
    new=$(swift build -c release --show-bin-path)/harvest
fi
scripts/output-snapshot.sh "$new" "$root/new" "$transactions"
files=$(find "$root/old" -type f | wc -l)
if diff -r -q "$root/old" "$root/new" > "$root/differences.txt"; then
    echo "identical: all $files output files of $old_revision and ${new_revision:-the working tree} are byte for byte the same"
else
    echo "DIFFERENT: $(wc -l < "$root/differences.txt") of $files output files differ (diff -r $root/old $root/new):"
    cat "$root/differences.txt"
    exit 1
fi
