#!/bin/sh
# The derivatives benchmark's case (1,000,000 events) without the benchmark package's release build: the generator of
# Benchmarks/HarvestBenchmarks/DerivativeBenchmarks.swift and HarvestCore's sources in one optimized module, 5 timed
# calls of DerivativeBook.run. Usage: Benchmarks/derivatives-wmo.sh (from the package root).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
sed -e 's/^import Benchmark$//' -e 's/^import HarvestCore$//' "$root/Benchmarks/Benchmarks/HarvestBenchmarks/DerivativeBenchmarks.swift" \
    | awk '/^func derivativeBenchmarks/{exit} {print}' > "$work/gen.swift"
cat > "$work/main.swift" <<'SWIFT'
#if canImport(Glibc)
import Glibc
#endif
func now() -> Double { var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t); return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }
let history = derivativeHistory(1_000_000)
for run in 1...5 {
    let start = now()
    let result = try DerivativeBook.run(instruments: history.instruments, events: history.events, asOf: CivilDate(year: 2026, month: 1, day: 1)!)
    print("run \(run): \(now() - start) s, \(result.gains.count) realized rows, \(result.income.count) income rows")
}
SWIFT
swiftc -O -wmo -module-name Bench $(find "$root/Sources/HarvestCore" -name '*.swift') "$work/gen.swift" "$work/main.swift" -o "$work/bench"
"$work/bench"
rm -rf "$work"
