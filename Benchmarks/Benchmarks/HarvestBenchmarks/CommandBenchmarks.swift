import Benchmark
import Foundation
import HarvestImport

/// Commands as a user runs them, end to end: the release `harvest` binary of the main package (build it first:
/// `swift build -c release` in the project root) on a database of a 1,000,000-transaction generated history, made once
/// and kept in the temporary directory (`harvest generate --transactions 1000000 --seed 7`, then `harvest import`).
/// Each iteration is one process: start, open, load, replay, print (to /dev/null). Besides the wall clock, each reports
/// the command's own peak memory (its resident set at most, from `wait4`), in MB.
func commandBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, commandPeakMemory], warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(60), maxIterations: 5)
    // The name, then what else the command needs. Every iteration after the warm-up one is warm (issue 16): the first
    // run stores the replay's checkpoint and the others read it, as a user's second command after an import does.
    let commands: [(name: [String], extra: [String])] = [
        (["problems"], ["--as-of", "2026-01-01"]), (["problems", "--format", "csv"], ["--as-of", "2026-01-01"]),
        // Every year's disposals (1.2 million rows: 690 MB of JSON, 121 MB of CSV), written as they are produced.
        (["gains", "--format", "json"], []), (["gains", "--format", "csv"], []),
        (["holdings"], ["--as-of", "2026-01-01"]), (["gains", "--year", "2024"], []),
        (["plan"], ["--as-of", "2026-01-01"]), (["wash-check"], ["--as-of", "2026-01-01"]),
    ]
    for command in commands {
        Benchmark("harvest \(command.name.joined(separator: " ")) 1000k transactions", configuration: configuration) { benchmark, database in
            benchmark.startMeasurement()
            let (status, peakKilobytes) = try runHarvestMeasured(["--db", database] + command.name + command.extra)
            benchmark.stopMeasurement()
            precondition(status == 0, "harvest \(command.name) exited \(status)")
            benchmark.measurement(commandPeakMemory, peakKilobytes / 1024)
        } setup: {
            try generatedDatabase(transactions: 1_000_000)
        }
    }

    // Cold: the first command after a change (here a setting the replay reads, set to the value it has by default: the
    // stored checkpoint no longer matches, and no part of it can be kept), which replays the whole history and stores a
    // new checkpoint. The change itself is not measured. (`stale-price-days`, which no replay reads, leaves the checkpoint
    // good since issue 16's change log: the next command is warm.)
    for command in [(name: ["gains", "--year", "2024"], extra: [String]()), (name: ["holdings"], extra: ["--as-of", "2026-01-01"])] {
        Benchmark("harvest \(command.name.joined(separator: " ")) cold 1000k transactions", configuration: configuration) { benchmark, database in
            let changed = try runHarvest(["--db", database, "settings", "set", "method", "fifo"])
            precondition(changed == 0, "harvest settings set exited \(changed)")
            benchmark.startMeasurement()
            let (status, peakKilobytes) = try runHarvestMeasured(["--db", database] + command.name + command.extra)
            benchmark.stopMeasurement()
            precondition(status == 0, "harvest \(command.name) exited \(status)")
            benchmark.measurement(commandPeakMemory, peakKilobytes / 1024)
        } setup: {
            try generatedDatabase(transactions: 1_000_000)
        }
    }

    // Cold after newer rows: `gains --year 2024` right after importing a few rows dated 2025-03 (each iteration its own
    // file, on a copy of the database whose checkpoint was stored before): the checkpoint's 2024 still holds and is read,
    // nothing is replayed. The import itself is not measured.
    Benchmark("harvest gains --year 2024 cold after newer rows 1000k transactions", configuration: configuration) { benchmark, database in
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-bench-newer-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let rows = (0..<5).map { "2025-03-0\($0 + 1)T12:00:00Z,buy,coinbase,100,USD,0.001,BTC,,,,,newer-\(UUID().uuidString),," }
        let text = (["timestamp,type,wallet,sent_quantity,sent_asset,received_quantity,received_asset,fee_quantity,fee_asset,value,to_wallet,tx_id,note,fee_value"]
            + rows).joined(separator: "\n") + "\n"
        precondition(FileManager.default.createFile(atPath: file, contents: Data(text.utf8)), "cannot write \(file)")
        let imported = try runHarvest(["--db", database, "import", file])
        precondition(imported == 0, "harvest import exited \(imported)")
        benchmark.startMeasurement()
        let (status, peakKilobytes) = try runHarvestMeasured(["--db", database, "gains", "--year", "2024"])
        benchmark.stopMeasurement()
        precondition(status == 0, "harvest gains exited \(status)")
        benchmark.measurement(commandPeakMemory, peakKilobytes / 1024)
    } setup: {
        let original = try generatedDatabase(transactions: 1_000_000)
        let copy = original.replacingOccurrences(of: ".sqlite", with: "-newer.sqlite")
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: original, toPath: copy)
        // The checkpoint the rows are imported after.
        let stored = try runHarvest(["--db", copy, "gains", "--year", "2024", "--full"])
        precondition(stored == 0, "harvest gains exited \(stored)")
        return copy
    }

    // `harvest import` of the Harvest CSV into a fresh database, as a user runs it: process start, file read, rows parsed on
    // one thread and written on the other, one transaction.
    Benchmark("harvest import 1000k transactions into a fresh database", configuration: configuration) { benchmark, file in
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-bench-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-journal"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        }
        benchmark.startMeasurement()
        let (status, peakKilobytes) = try runHarvestMeasured(["--db", database, "import", file])
        benchmark.stopMeasurement()
        precondition(status == 0, "harvest import exited \(status)")
        benchmark.measurement(commandPeakMemory, peakKilobytes / 1024)
    } setup: {
        try generatedHistory(transactions: 1_000_000)
    }
}

/// The peak resident memory of the command's process, in MB (not the benchmark's own, which `.peakMemoryResident` is).
let commandPeakMemory = BenchmarkMetric.custom("command peak memory (MB)", polarity: .prefersSmaller, useScalingFactor: false)

/// Runs the binary with stdout and stderr to /dev/null; its exit status and its peak resident set in kilobytes (the
/// child's own `ru_maxrss`, from `wait4`: `Process` does not report it).
func runHarvestMeasured(_ arguments: [String]) throws -> (status: Int32, peakKilobytes: Int) {
    guard FileManager.default.isExecutableFile(atPath: harvestBinary) else {
        fatalError("\(harvestBinary) is missing: run `swift build -c release` in the project root first")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([harvestBinary] + arguments).map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, harvestBinary, &actions, nil, argv, environ)
    guard spawned == 0 else { throw CocoaError(.executableLoad, userInfo: ["errno": spawned]) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { throw CocoaError(.executableLoad, userInfo: ["errno": errno]) }
    }
    // Exited normally: the exit code; killed by a signal: 128 + the signal, as a shell says.
    let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return (exitStatus, usage.ru_maxrss)
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
