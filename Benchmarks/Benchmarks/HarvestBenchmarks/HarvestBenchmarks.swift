import Benchmark
import HarvestCore
import HarvestImport

/// A synthetic history of `count` transactions (`harvest generate --transactions count --seed 7`), parsed
/// into memory: the engine's input. Built once per size, outside the measured section, and parsed in
/// chunks of 100,000 rows so that the process's peak memory is the engine's input and output, not the
/// parser's intermediate rows.
func history(_ count: Int) -> [Transaction] {
    var transactions: [Transaction] = []
    transactions.reserveCapacity(count)
    let header = (HarvestCSV.columns + ["fee_value"]).joined(separator: ",") + "\n"
    var chunk = header
    var lines = 0
    func flush() {
        guard lines > 0 else { return }
        do {
            for row in try HarvestCSV.parse(chunk, file: "generated.csv").rows {
                var transaction = row.transaction
                transaction.sequence = transactions.count
                transactions.append(transaction)
            }
        } catch {
            fatalError("generated history does not parse: \(error)")
        }
        chunk = header
        lines = 0
    }
    var first = true
    HistoryGenerator(.init(transactions: count, seed: 7)).generate { line in
        if first {  // the generator's own header
            first = false
            return
        }
        chunk += line
        lines += 1
        if lines == 100_000 { flush() }
    }
    flush()
    return transactions
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    // `harvest gains`, the engine alone with the data in memory, at three sizes to show the growth.
    for size in [10_000, 100_000, 1_000_000] {
        for method in [LotMethod.fifo, .hifo] {
            Benchmark("engine \(method.rawValue) \(size / 1000)k transactions") { benchmark, transactions in
                benchmark.startMeasurement()
                let result = try LotEngine.run(transactions, policy: AccountingPolicy(method: method))
                blackHole(result.disposals.count)
            } setup: {
                history(size)
            }
        }
    }

    // The yearly summaries over the disposals of a million transactions.
    Benchmark("year summaries 1000k transactions") { benchmark, result in
        benchmark.startMeasurement()
        blackHole(YearSummaries.compute(disposals: result.disposals, income: result.income, jurisdiction: .us))
    } setup: {
        try! LotEngine.run(history(1_000_000))
    }

    // Parsing the Harvest CSV (the first half of `harvest import`).
    Benchmark("parse Harvest CSV 100k rows") { benchmark, text in
        benchmark.startMeasurement()
        blackHole(try HarvestCSV.parse(text, file: "generated.csv").rows.count)
    } setup: {
        var text = ""
        HistoryGenerator(.init(transactions: 100_000, seed: 7)).generate { text += $0 }
        return text
    }
}
