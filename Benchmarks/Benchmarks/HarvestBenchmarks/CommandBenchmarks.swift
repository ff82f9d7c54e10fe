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
    for command in [["problems"], ["problems", "--format", "csv"], ["holdings"], ["gains", "--year", "2024"]] {
        Benchmark("harvest \(command.joined(separator: " ")) 1000k transactions", configuration: configuration) { benchmark, database in
            benchmark.startMeasurement()
            let asOf = command[0] == "gains" ? [] : ["--as-of", "2026-01-01"]
            let status = try runHarvest(["--db", database] + command + asOf)
            benchmark.stopMeasurement()
            precondition(status == 0, "harvest \(command) exited \(status)")
        } setup: {
            try generatedDatabase(transactions: 1_000_000)
        }
    }

    // `harvest import` of the Harvest CSV into a fresh database, as a user runs it: process start, file read, rows parsed on
    // one thread and written on the other, one transaction.
    Benchmark("harvest import 1000k transactions into a fresh database", configuration: configuration) { benchmark, file in
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-bench-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-journal"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        }
        benchmark.startMeasurement()
        let status = try runHarvest(["--db", database, "import", file])
        benchmark.stopMeasurement()
        precondition(status == 0, "harvest import exited \(status)")
    } setup: {
        try generatedHistory(transactions: 1_000_000)
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

/// The generated history of `count` transactions as a Harvest CSV file (`harvest generate --transactions N --seed 7`); made once.
func generatedHistory(transactions count: Int) throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-bench-\(count).csv").path
    if FileManager.default.fileExists(atPath: file) { return file }
    var text = ""
    HistoryGenerator(.init(transactions: count, seed: 7)).generate { text += $0 }
    precondition(FileManager.default.createFile(atPath: file, contents: Data(text.utf8)), "cannot write \(file)")
    return file
}

/// A database holding a generated history of `count` transactions, imported with the binary; made once.
func generatedDatabase(transactions count: Int) throws -> String {
    let directory = FileManager.default.temporaryDirectory
    let database = directory.appendingPathComponent("harvest-bench-\(count).sqlite").path
    if FileManager.default.fileExists(atPath: database) { return database }
    let file = try generatedHistory(transactions: count)
    let status = try runHarvest(["--db", database, "import", file])
    precondition(status == 0, "import of \(file) exited \(status)")
    return database
}
