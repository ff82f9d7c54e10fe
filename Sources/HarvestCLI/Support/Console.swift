import Foundation

/// Where the CLI writes: results to stdout (for machines and pipes), messages and progress to stderr.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Progress shows only on a terminal: piped or redirected stderr, or CI, stays quiet.
    static let showsProgress: Bool = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil

    /// Rewrites one status line on the terminal.
    static func progress(_ text: String) {
        guard showsProgress else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    static func endProgress() {
        guard showsProgress else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// A count of finished steps shown as "label: done/total" on a terminal (`Console.progress`); safe from many threads.
final class Progress: @unchecked Sendable {
    private let label: String
    private let total: Int
    private var done = 0
    private let lock = NSLock()

    init(label: String, total: Int) {
        self.label = label
        self.total = total
    }

    func advance() {
        let count = lock.withLock {
            done += 1
            return done
        }
        Console.progress("\(label): \(count)/\(total)")
    }

    func finish() { Console.endProgress() }
}
