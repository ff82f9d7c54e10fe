/// A history rewritten in one pass: each row kept, dropped, or replaced by a run of new rows (a decoded on-chain
/// transaction, a matched transfer).
///
/// Applied in the history's own storage when the caller hands over the only reference to it and the result never
/// overtakes the rows still to be read: rows are then moved, not copied. A million transactions copied cost a reference
/// count per string each and a new array's worth of fresh memory, more than the decoding itself. Otherwise (the
/// history is shared, or a run lands before rows it would overwrite) the result is built anew, with the same rows.
struct HistoryRewrite {
    static let keep: Int32 = -1
    static let drop: Int32 = -2

    /// Per row: `keep`, `drop`, or the number of the run that takes its place.
    private(set) var fate: [Int32]
    /// The runs, one after another: run k is `runs[starts[k]..<starts[k + 1]]`. The rows appended here since the last
    /// `replace` are the run being built.
    var runs: [Transaction] = []
    private var starts: [Int] = [0]

    init(count: Int) {
        fate = [Int32](repeating: HistoryRewrite.keep, count: count)
    }

    mutating func reserveRuns(_ rows: Int) {
        runs.reserveCapacity(rows)
        starts.reserveCapacity(rows + 1)
    }

    mutating func drop(_ index: Int) { fate[index] = HistoryRewrite.drop }

    /// The rows appended to `runs` since the last `replace` take the place of row `index`.
    mutating func replace(_ index: Int) {
        fate[index] = Int32(starts.count - 1)
        starts.append(runs.count)
    }

    /// Whether writing the result over the history never reaches a row not yet read.
    func fitsInPlace() -> Bool {
        var written = 0
        for index in fate.indices {
            let rowFate = fate[index]
            if rowFate == HistoryRewrite.keep {
                written += 1
            } else if rowFate >= 0 {
                written += starts[Int(rowFate) + 1] - starts[Int(rowFate)]
                if written > index + 1 { return false }
            }
        }
        return true
    }

    /// The rewritten history.
    consuming func apply(to history: consuming [Transaction]) -> [Transaction] {
        precondition(history.count == fate.count, "a rewrite of \(fate.count) rows applied to \(history.count)")
        guard fitsInPlace() else { return copied(history) }
        let fate = self.fate, starts = self.starts
        // Taken out, so that its storage is not shared and its rows can be moved.
        var runs: [Transaction] = []
        swap(&runs, &self.runs)
        let written = history.withUnsafeMutableBufferPointer { target -> Int in
            runs.withUnsafeMutableBufferPointer { source -> Int in
                HistoryRewrite.move(into: target, from: source, fate: fate, starts: starts)
            }
        }
        history.removeLast(history.count - written)
        return history
    }

    /// Moves the kept rows down and the runs in, then refills the slots moved from with blank rows (which hold no
    /// references), so that both arrays stay whole; returns how many rows the result has.
    private static func move(
        into target: UnsafeMutableBufferPointer<Transaction>, from source: UnsafeMutableBufferPointer<Transaction>, fate: [Int32], starts: [Int]
    ) -> Int {
        guard let rows = target.baseAddress else { return 0 }
        var written = 0
        for index in 0..<target.count {
            let rowFate = fate[index]
            if rowFate == HistoryRewrite.keep {
                if written != index { (rows + written).moveInitialize(from: rows + index, count: 1) }
                written += 1
                continue
            }
            (rows + index).deinitialize(count: 1)
            guard rowFate >= 0, let runRows = source.baseAddress else { continue }
            let start = starts[Int(rowFate)], count = starts[Int(rowFate) + 1] - start
            (rows + written).moveInitialize(from: runRows + start, count: count)
            written += count
        }
        (rows + written).initialize(repeating: HistoryRewrite.blank, count: target.count - written)
        if let runRows = source.baseAddress { runRows.initialize(repeating: HistoryRewrite.blank, count: source.count) }
        return written
    }

    /// The rewritten history built anew.
    private func copied(_ history: [Transaction]) -> [Transaction] {
        var result: [Transaction] = []
        result.reserveCapacity(history.count + runs.count)
        for index in history.indices {
            let rowFate = fate[index]
            if rowFate == HistoryRewrite.keep {
                result.append(history[index])
            } else if rowFate >= 0 {
                result += runs[starts[Int(rowFate)]..<starts[Int(rowFate) + 1]]
            }
        }
        return result
    }

    /// A row holding no references, for slots whose row was moved out.
    static let blank = Transaction(
        id: "", timestamp: Instant(millisecondsSinceEpoch: 0), date: CivilDate(daysSinceEpoch: Int32(0)), kind: .fee, wallet: Wallet(""))
}
