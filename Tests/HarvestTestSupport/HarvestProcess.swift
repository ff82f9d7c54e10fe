import Foundation

/// The built `harvest` binary, run in a scratch directory as a user runs it: the end-to-end tests of the CLI and of the
/// dashboard server share it.
public enum HarvestProcess {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// The `harvest` executable beside the test bundle (`swift test` builds it: the test targets depend on it), else the
    /// debug build under the current directory.
    public static let executable: URL = {
        var candidates: [URL] = []
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("harvest"))
            folder = folder.deletingLastPathComponent()
        }
        let fallback = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/harvest")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? fallback
    }()

    /// Runs `executable arguments...` (`harvest` unless said) in `directory`, with exactly `environment` (nil: this
    /// process's), and waits for it.
    /// Standard error is read on another thread while standard output is read here: a program that fills one pipe while
    /// the other is being read does not stall.
    public static func run(
        _ arguments: [String], in directory: URL, executable: URL = HarvestProcess.executable, environment: [String: String]? = nil
    ) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = Collected()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errors.data = err.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: errors.data, as: UTF8.self))
    }

    /// What the other thread read, handed over after it signalled.
    private final class Collected: @unchecked Sendable {
        var data = Data()
    }
}
