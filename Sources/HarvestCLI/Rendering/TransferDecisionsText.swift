import HarvestCore
import HarvestReports
import HarvestStore

/// `harvest transfers --decisions`: the user's stored decisions, each with the rows it names, when it was made, and
/// whether it still applies.
struct TransferDecisionsText {
    struct Line {
        var decidedAt: String
        var link: TransferLink
        /// Row numbers of the decision's withdrawal or deposit and of a match's other side, when in the history.
        var row: Int?
        var otherRow: Int?
        /// Why the decision does not apply now; nil when it does.
        var stale: String?
    }

    var lines: [Line]

    /// - Parameter stale: the matcher's messages about decisions it could not apply; a decision is stale when one names it.
    init(decisions: [TransferDecision], history: [Transaction], stale: [String]) {
        var rows: [TransactionReference: Int] = [:]
        for tx in history where tx.kind == .withdrawal || tx.kind == .deposit { rows[TransactionReference(tx)] = tx.sequence }
        lines = decisions.map { decision in
            let reference = decision.link.transaction
            var other: TransactionReference?
            if case .match(let deposit) = decision.link.decision { other = deposit }
            return Line(
                decidedAt: decision.createdAt, link: decision.link, row: rows[reference], otherRow: other.flatMap { rows[$0] },
                stale: stale.first { $0.hasPrefix("\(reference) ") || $0.hasPrefix("match \(reference) ") }
                    ?? stale.first { $0.contains(reference.description) })
        }
    }

    /// The decision in words: "match with #12 kraken/d1", "external: gift_in, basis 100.00".
    static func text(_ link: TransferLink, otherRow: Int?) -> String {
        switch link.decision {
        case .match(let deposit): return "match with " + (otherRow.map { "#\($0) " } ?? "") + deposit.description
        case .external(let kind, let basis): return "external: \(kind.rawValue)" + (basis.map { ", basis \(TextTable.money($0))" } ?? "")
        }
    }

    func table() -> String {
        guard !lines.isEmpty else { return "No transfer decisions stored.\n" }
        var table = TextTable(headers: ["Decided", "Row", "Decision", "Applies"], leftAligned: [0, 1, 2, 3])
        for line in lines {
            table.add([
                String(line.decidedAt.prefix(10)), line.row.map { "#\($0)" } ?? line.link.transaction.description,
                TransferDecisionsText.text(line.link, otherRow: line.otherRow), line.stale == nil ? "yes" : "no (stale)",
            ])
        }
        var out = table.render()
        for line in lines { if let stale = line.stale { out += "stale: \(stale)\n" } }
        return out
    }

    static let header = [
        "decided_at", "wallet", "tx_id", "row", "decision", "other_wallet", "other_tx_id", "other_row", "kind", "basis", "applies", "stale_reason",
    ]

    func csv() -> String {
        TransferDecisionsText.header.joined(separator: ",") + "\n" + lines.map { line in
            var fields = [line.decidedAt, line.link.transaction.wallet.name, line.link.transaction.id, line.row.map(String.init) ?? ""]
            switch line.link.decision {
            case .match(let deposit):
                fields += ["match", deposit.wallet.name, deposit.id, line.otherRow.map(String.init) ?? "", "", ""]
            case .external(let kind, let basis):
                fields += ["external", "", "", "", kind.rawValue, basis?.description ?? ""]
            }
            return CSV.spreadsheetRow(fields + [line.stale == nil ? "true" : "false", line.stale ?? ""])
        }.joined()
    }
}
