import Foundation
import HarvestCore
import HarvestImport
import HarvestReports
import HarvestStore

extension LedgerText {
    /// Everything `harvest tx show` tells about one stored row.
    struct Shown {
        var row: StoredRow
        /// The row as imported, read under today's settings.
        var imported: Transaction
        var edit: TransactionEdit?
        var batch: ImportBatch?
        /// The row with the edit applied, when it changes fields and still fits the row.
        var edited: Transaction?
        /// The raw line, or why it is not available.
        var rawLine = ""
        /// What the replay made of the row; nil when the row is ignored or the history does not replay.
        var replay: Replay?
        var problems: [String] = []

        init(row: StoredRow, imported: Transaction, edit: TransactionEdit?, batch: ImportBatch?) {
            self.row = row
            self.imported = imported
            self.edit = edit
            self.batch = batch
        }

        func render() -> String {
            var out = "#\(row.rowID) \(row.key)\(edit?.ignored == true ? " (ignored)" : edited != nil ? " (edited)" : "")\n"
            func line(_ label: String, _ text: String) {
                out += "  " + (label + ":").padding(toLength: 11, withPad: " ", startingAt: 0) + text + "\n"
            }
            if row.key.source == HarvestCommand.Tx.Add.source {
                line("source", "added by hand (`harvest tx add`)")
            } else {
                line("source", "\(row.file)\(row.line.map { ", line \($0)" } ?? ""), read as \(row.key.source)")
            }
            if let batch {
                line("import", "batch \(batch.id) of \(batch.importedAt) (`harvest imports undo \(batch.id)` removes it)")
            }
            line("raw row", rawLine)
            out += "  imported:\n" + fieldLines(EditLayer.cells(of: imported).merging(["timestamp": row.timestampText]) { $1 })
            out += "    " + "tax day".padding(toLength: 19, withPad: " ", startingAt: 0) + imported.date.description + "\n"
            if let currency = row.valueCurrency, imported.value == nil, let written = row.writtenValue {
                out += "    (value \(written) \(currency) is not in the base currency in force: the row is priced instead)\n"
            }
            if let edit {
                out += editLines(edit)
            }
            if let replay {
                line("valued", replay.valuation)
                out += "  lots:\n" + replay.lots.map { "    \($0)\n" }.joined()
            }
            for problem in problems { line("note", problem) }
            return out
        }

        /// The non-empty fields of a row, one per line.
        private func fieldLines(_ cells: [String: String]) -> String {
            (["timestamp", "type"] + EditLayer.fields.filter { $0 != "timestamp" && $0 != "type" } + ["tx_id", "note"]).compactMap { name in
                guard let value = cells[name], !value.isEmpty else { return nil }
                return "    " + name.padding(toLength: 19, withPad: " ", startingAt: 0) + value + "\n"
            }.joined()
        }

        /// The edit: when, the user's note, and each changed field from its imported value to its edited one.
        private func editLines(_ edit: TransactionEdit) -> String {
            var out = "  edited:    \(edit.createdAt)" + (edit.updatedAt == edit.createdAt ? "" : ", last \(edit.updatedAt)") + "\n"
            if !edit.note.isEmpty { out += "    your note: \(edit.note)\n" }
            if edit.ignored { out += "    ignored: the history leaves it out\n" }
            let before = EditLayer.cells(of: imported).merging(["timestamp": row.timestampText]) { $1 }
            for name in EditLayer.fields {
                guard let value = edit.changes[name] else { continue }
                let was = before[name].flatMap { $0.isEmpty ? nil : $0 } ?? "(empty)"
                out += "    " + name.padding(toLength: 19, withPad: " ", startingAt: 0) + "\(was) -> \(value.isEmpty ? "(cleared)" : value)\n"
            }
            if let edited, edited.date != imported.date { out += "    tax day now        \(edited.date)\n" }
            return out
        }
    }

    /// What a replay made of one row: how it was valued, and the lots it created or consumed.
    struct Replay {
        var valuation: String
        var lots: [String]

        /// Lines beyond this many are counted, not listed.
        static let linesMax = 40

        init(_ replayed: Workspace.Replayed, rowID: Int64) {
            let result = replayed.result
            let base = replayed.settings.jurisdiction.baseCurrency
            guard let tx = result.transactions.first(where: { $0.sequence == Int(rowID) }) else {
                valuation = "not in the replayed history"
                lots = []
                return
            }
            valuation = Replay.valuation(tx, base: base, prices: replayed.prices)
            var lines: [String] = []
            if tx.kind != replayed.transactions.first(where: { $0.sequence == Int(rowID) })?.kind ?? tx.kind {
                lines.append("replayed as a \(tx.kind.rawValue) (your transfer decision)")
            }
            for disposal in result.disposals {
                let money = PrintedDisposal(disposal)
                let figures = "proceeds \(TextTable.money(money.proceeds)), basis \(TextTable.money(money.costBasis)), "
                    + "gain \(TextTable.money(money.gain)), \(disposal.term.rawValue)"
                    + (disposal.missingBasis ? ", zero basis assumed" : "") + (disposal.edited ? ", edited" : "")
                if result.transaction(at: disposal.disposalPosition).sequence == Int(rowID) {
                    let lot = disposal.isPooled ? "the pool" : "lot \(disposal.lotTransactionID)"
                    lines.append("disposed \(disposal.quantity) \(disposal.asset) of \(lot) (acquired \(disposal.dateAcquired)): \(figures)")
                }
                if disposal.lotPosition >= 0, result.transaction(at: disposal.lotPosition).sequence == Int(rowID),
                   disposal.disposalPosition != disposal.lotPosition {
                    lines.append("its lot: \(disposal.quantity) \(disposal.asset) disposed by \(disposal.disposalTransactionID) on "
                        + "\(disposal.dateDisposed): \(figures)")
                }
            }
            for lot in result.openLots where lot.transactionID == tx.id && lot.acquiredAt == tx.timestamp {
                lines.append("open lot: \(lot.quantity) \(lot.asset) in \(lot.wallet), basis \(TextTable.money(lot.costBasis)), "
                    + "held from \(lot.holdingStart)")
            }
            for record in result.income where record.transactionID == tx.id && record.date == tx.date && record.wallet == tx.wallet {
                lines.append("income: \(TextTable.money(record.value)) \(base) (\(record.type.rawValue))")
            }
            for removal in result.removals where removal.transactionID == tx.id && removal.date == tx.date {
                lines.append("left without gain or loss (\(removal.kind.rawValue)): \(removal.quantity) \(removal.asset) of lot "
                    + "\(removal.lotTransactionID), basis \(TextTable.money(removal.costBasis))")
            }
            if lines.isEmpty { lines.append("none") }
            if lines.count > Replay.linesMax {
                let more = lines.count - Replay.linesMax
                lines = Array(lines.prefix(Replay.linesMax)) + ["... and \(more) more"]
            }
            lots = lines
        }

        /// How the replay valued `tx`: the value and where it came from, or why there is none.
        static func valuation(_ tx: Transaction, base: Asset, prices: PriceBook) -> String {
            let sent = tx.sent.flatMap { $0.quantity.isZero ? nil : $0 }
            let received = tx.received.flatMap { $0.quantity.isZero ? nil : $0 }
            if let (value, source) = (try? Valuation.fairValue(tx, sent: sent, received: received, base: base, prices: prices)) ?? nil {
                return "\(TextTable.money(value)) \(base), \(source)"
            }
            switch tx.kind {
            case .transfer, .withdrawal, .deposit, .giftOut, .donation, .lost:
                return "no value needed (no gain, loss or income is figured from it)"
            default:
                let assets = [sent, received].compactMap { $0?.asset.symbol }.joined(separator: " or ")
                return "no price: no side is \(base), the row gives no value, and the price store has no close of \(assets) on \(tx.date)"
            }
        }
    }

    /// Line `line` of `file` as the file is now, or why it cannot be shown.
    static func rawLine(file: String, line: Int?, importedAt: String?) -> String {
        guard let line else {
            return file == HarvestCommand.Tx.Add.batchFile ? "none (added by hand)" : "not available: the source gave no line number"
        }
        guard let data = FileManager.default.contents(atPath: file), let text = try? ImportFile.read(data, file: file).text else {
            return "not available: \(file) is not there any more (rows are stored without their raw text)"
        }
        var number = 0
        var found: Substring?
        for candidate in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            if number == line {
                found = candidate.hasSuffix("\r") ? candidate.dropLast() : candidate
                break
            }
        }
        guard let found else { return "not available: \(file) has fewer than \(line) lines now" }
        var changed = ""
        if let importedAt, let imported = ISO8601DateFormatter().date(from: importedAt),
           let modified = (try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date,
           modified.timeIntervalSince(imported) > 1 {  // the import time is written to the second
            changed = "\n             (the file changed after the import: this line may not be the row imported)"
        }
        return String(found) + changed
    }
}
