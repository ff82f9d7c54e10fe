import Foundation
import HarvestCore

extension SQLiteStore {
    /// Imports a file read on another thread while this one writes, chunk by chunk, in one database transaction:
    /// both cores busy on one large file. `read` runs on a thread of its own and hands each chunk of rows to its
    /// `emit`; when it throws (a bad row anywhere in the file), the rows written so far are rolled back and its
    /// error is thrown here, after the thread has stopped.
    /// - Parameters:
    ///   - read: reads the file; returns what the caller wants to know once it is done (duplicates, skipped rows).
    ///   - duplicatesInFile: the file's own repeated rows, from `read`'s result.
    /// - Returns: what was stored, and `read`'s result.
    public func importTransactions<Outcome: Sendable>(
        source: String, file: String, importedAt: String,
        readingOnAnotherThread read: @escaping @Sendable (_ emit: ([ImportedRow]) -> Void) throws -> Outcome,
        duplicatesInFile: @escaping (Outcome) -> Int,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    ) throws -> (summary: ImportSummary, outcome: Outcome) {
        let channel = Channel<LedgerRows>(capacity: 2)
        let outcome = Box<Outcome>()
        let finished = DispatchSemaphore(value: 0)
        let reader = Thread {
            do {
                // The rows are laid out for SQLite on this thread: the writing one then only binds and steps.
                outcome.value = try read { rows in channel.send(LedgerRows(rows, file: file)) }
                channel.close(throwing: nil)
            } catch {
                channel.close(throwing: error)
            }
            finished.signal()
        }
        reader.stackSize = 8 << 20
        reader.start()
        do {
            let summary = try importTransactions(
                source: source, file: file, importedAt: importedAt,
                next: { try channel.receive() },
                duplicatesInFile: { outcome.value.map(duplicatesInFile) ?? 0 }, progress: progress)
            finished.wait()
            // The channel closes without an error only after `read` has returned its result.
            guard let result = outcome.value else { preconditionFailure("the reading thread ended with neither a result nor an error") }
            return (summary, result)
        } catch {
            channel.cancel()
            finished.wait()
            throw error
        }
    }
}

/// A value set on one thread and read on another after it has signalled.
private final class Box<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?
    var value: Value? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// Chunks of rows handed from the reading thread to the writing one; at most `capacity` wait at a time.
final class Channel<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private var closed = false
    private var cancelled = false
    private var failure: (any Error)?
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room; drops the item when the reader has gone away.
    func send(_ item: Item) {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return }
        items.append(item)
        condition.broadcast()
    }

    /// No more items; `error` when the sender failed.
    func close(throwing error: (any Error)?) {
        condition.lock()
        closed = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The receiver has stopped: senders stop waiting.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// The next item; nil once closed and drained; the sender's error, if it failed.
    func receive() throws -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if !items.isEmpty {
            condition.broadcast()
            return items.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }
}
