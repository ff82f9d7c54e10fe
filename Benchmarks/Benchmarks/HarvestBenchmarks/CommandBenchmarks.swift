import Benchmark
import Foundation
import HarvestImport

/// Commands as a user runs them, end to end: the release `harvest` binary of the main package (build it first:
/// `swift build -c release` in the project root) on a database of a 1,000,000-transaction generated history, made once
/// and kept in the temporary directory (`harvest generate --transactions 1000000 --seed 7`, then `harvest import`).
/// Each iteration is one process: start, open, load, replay, print (to /dev/null).
func commandBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock], warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(60), maxIterations: 5)
    for command in [["problems"], ["problems", "--format", "csv"]] {
        Benchmark("harvest \(command.joined(separator: " ")) 1000k transactions", configuration: configuration) { benchmark, database in
            benchmark.startMeasurement()
            let status = try runHarvest(["--db", database] + command + ["--as-of", "2026-01-01"])
            benchmark.stopMeasurement()
            precondition(status == 0, "harvest \(command) exited \(status)")
        } setup: {
            try generatedDatabase(transactions: 1_000_000)
        }
    }
}

/// `../.build/release/harvest`, from the Benchmarks folder.
let harvestBinary: String = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return root.appendingPathComponent(".build/release/harvest").path
}()

/// Runs the binary with stdout and stderr to /dev/null; its exit status.
func runHarvest(_ arguments: [String]) throws -> Int32 {
    guard FileManager.default.isExecutableFile(atPath: harvestBinary) else {
        fatalError("\(harvestBinary) is missing: run `swift build -c release` in the project root first")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: harvestBinary)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// A database holding a generated history of `count` transactions, imported with the binary; made once.
func generatedDatabase(transactions count: Int) throws -> String {
    let directory = FileManager.default.temporaryDirectory
    let database = directory.appendingPathComponent("harvest-bench-\(count).sqlite").path
    if FileManager.default.fileExists(atPath: database) { return database }
    let file = directory.appendingPathComponent("harvest-bench-\(count).csv").path
    var text = ""
    HistoryGenerator(.init(transactions: count, seed: 7)).generate { text += $0 }
    precondition(FileManager.default.createFile(atPath: file, contents: Data(text.utf8)), "cannot write \(file)")
    let status = try runHarvest(["--db", database, "import", file])
    precondition(status == 0, "import of \(file) exited \(status)")
    return database
}
