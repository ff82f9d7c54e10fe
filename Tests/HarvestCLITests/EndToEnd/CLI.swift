import Foundation
import HarvestTestSupport
import Testing

/// Runs the built `harvest` binary in a scratch directory, as a user would.
struct CLI {
    typealias Output = HarvestProcess.Output

    let directory: URL
    var database: String { directory.appendingPathComponent("test.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The `harvest` executable beside the test bundle (`HarvestProcess.executable`).
    static var executable: URL { HarvestProcess.executable }

    /// Writes `text` to a file in the scratch directory and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Runs `harvest arguments...` with `--db` pointing at the scratch database (via HARVEST_DB).
    func run(_ arguments: String...) throws -> Output { try run(arguments) }

    func run(_ arguments: [String]) throws -> Output {
        var environment = ProcessInfo.processInfo.environment
        environment["HARVEST_DB"] = database
        return try run(arguments, environment: environment)
    }

    /// Runs `harvest arguments...` in the scratch directory with exactly `environment` (no HARVEST_DB unless it has one).
    func run(_ arguments: [String], environment: [String: String]) throws -> Output {
        try run(executable: CLI.executable, arguments, environment: environment)
    }

    /// Runs `executable` (harvest, or another program such as `script`) in the scratch directory with exactly `environment`.
    func run(executable: URL, _ arguments: [String], environment: [String: String]) throws -> Output {
        try HarvestProcess.run(arguments, in: directory, executable: executable, environment: environment)
    }
}
