import Foundation
import HarvestReports

/// Results written as they are produced: a `TextWriter` whose 64 KB chunks go straight to a file descriptor, so that a
/// report of a million rows needs no more memory than one chunk.
enum StreamedOutput {
    /// Whether stdout is a terminal: a person reading, for whom a table of a million rows is cut short (`TableRows`).
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Runs `body` with a writer to stdout and flushes it. Nothing else may write to stdout meanwhile (`Console.out` writes
    /// unbuffered): what the writer holds would come after it.
    static func toStandardOutput(_ body: (TextWriter) throws -> Void) rethrows {
        let writer = TextWriter { writeAllOrExit($0, to: STDOUT_FILENO, name: "stdout") }
        try body(writer)
        writer.flush()
    }

    /// Runs `body` with a writer to a new file beside `path`, then moves it to `path` in one step, so a failed or
    /// interrupted run never leaves half a report where the last one was (as `String.write(toFile:atomically:)` did).
    /// - Throws: `CommandFailure.other` naming the file when it cannot be written.
    static func toFile(_ path: String, _ body: (TextWriter) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw CommandFailure.other("error: cannot write \(path): \(String(cString: strerror(errno)))")
        }
        var failure: String?
        var abandoned = false
        do {
            let writer = TextWriter { bytes in
                // Nothing more once a write failed or the file was given up (a writer flushes when it goes away too).
                guard failure == nil, !abandoned else { return }
                failure = writeAll(bytes, to: descriptor)
            }
            try body(writer)
            writer.flush()
        } catch {
            abandoned = true
            close(descriptor)
            unlink(temporary)
            throw error
        }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw CommandFailure.other("error: cannot write \(path): \(failure)")
        }
    }

    /// Writes every byte of `bytes` to `descriptor`; on failure, says so on stderr and ends the run with status 1 (a full
    /// disk under a redirection). A closed pipe (`| head`) ends the run by SIGPIPE before this sees it, as it always did.
    private static func writeAllOrExit(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, name: String) {
        if let failure = writeAll(bytes, to: descriptor) {
            Console.error("error: cannot write to \(name): \(failure)")
            exit(1)
        }
    }

    /// Writes every byte of `bytes` to `descriptor`, retrying after interruptions; the error's text if it fails.
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> String? {
        guard var next = bytes.baseAddress else { return nil }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            next += written
            remaining -= written
        }
        return nil
    }
}
