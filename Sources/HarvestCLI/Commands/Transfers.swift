import ArgumentParser
import Foundation
import HarvestCore
import HarvestImport
import HarvestReports
import HarvestStore

extension HarvestCommand {
    /// `harvest transfers [--unmatched | --decisions]`, `transfers match A B`, `transfers mark-external A`, `transfers unlink A`.
    struct Transfers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deposits and withdrawals matched into transfers between your wallets, and the ones left to resolve.",
            discussion: """
                A withdrawal and a deposit of the same asset (or of an equivalent one: ETH and WETH, ...) are matched when the \
                deposit arrives within transfer-window-hours (72) after it and the network kept at most transfer-tolerance (2%). \
                Transactions are named wallet/id, as listed here.
                """,
            subcommands: [List.self, Match.self, MarkExternal.self, Unlink.self], defaultSubcommand: List.self)

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List matched transfers, or with --unmatched what is left.")

            @OptionGroup var global: GlobalOptions

            @Flag(help: "Only the deposits and withdrawals not matched and not marked external.")
            var unmatched = false

            @Flag(help: "List your stored decisions (match, mark-external) instead: what each says, when it was made, whether it still applies.")
            var decisions = false

            @Option(help: "How to write the list.")
            var format: ListFormat = .table

            enum ListFormat: String, Choice { case table, csv }

            @Flag(help: "Show every row of the table on a terminal too (there it stops after \(TableRows.terminalLimit) rows; pipes and files get every row).")
            var all = false

            func validate() throws {
                if unmatched && decisions { throw ValidationError("--unmatched and --decisions list different things: give one.") }
            }

            func run() throws {
                let workspace = try Workspace.open(global)
                let transactions = try workspace.history(workspace.settings)
                let resolution = TransferMatcher.resolve(
                    transactions, rules: workspace.settings.effectiveTransferRules, links: try workspace.store.transferLinks())
                if decisions {
                    let text = TransferDecisionsText(
                        decisions: try workspace.store.transferDecisions(), history: transactions, stale: resolution.staleLinks)
                    Console.out(format == .csv ? text.csv() : text.table())
                    return
                }
                let byReference = unmatched ? [:]
                    : Dictionary(transactions.map { (TransactionReference($0), $0) }, uniquingKeysWith: { first, _ in first })
                let matches = unmatched ? [] : resolution.matches
                // Matches first, then the deposits and withdrawals left unmatched; each row made when it is written.
                func cells(_ index: Int) -> [String] {
                    if index < matches.count {
                        let match = matches[index]
                        let date = byReference[match.withdrawal]?.date.description ?? ""
                        return [match.manual ? "matched by you" : "matched", date, match.withdrawal.description, match.deposit.description,
                                match.asset.symbol, match.sent.description, match.received.description]
                    }
                    let tx = resolution.unmatched[index - matches.count]
                    let outgoing = tx.kind == .withdrawal
                    let amount = outgoing ? tx.sent : tx.received
                    return ["unmatched \(tx.kind.rawValue)", tx.date.description, outgoing ? TransactionReference(tx).description : "?",
                            outgoing ? "?" : TransactionReference(tx).description, amount?.asset.symbol ?? "",
                            outgoing ? amount?.quantity.description ?? "" : "", outgoing ? "" : amount?.quantity.description ?? ""]
                }
                let count = matches.count + resolution.unmatched.count
                let headers = ["status", "date", "from", "to", "asset", "sent", "received"]
                StreamedOutput.toStandardOutput { writer in
                    switch format {
                    case .csv:
                        writer.write(text: headers.joined(separator: ",") + "\n")
                        for index in 0..<count { writer.writeCSVRow(cells(index)) }
                    case .table:
                        let shown = TableRows.forStandardOutput(all: all)
                        TextTable.write(headers: headers, leftAligned: [0, 1, 2, 3, 4], count: shown.shown(of: count), to: writer, cells: cells)
                        if let note = shown.note(
                            rows: count, noun: "rows",
                            seeAll: "`--all` shows every row here, `--format csv` writes them for a spreadsheet, `--unmatched` keeps what is left to resolve.")
                        {
                            writer.write(text: note)
                        }
                    }
                }
                if format == .table {
                    Console.error("\(resolution.matches.count) transfer(s) matched, \(resolution.unmatched.count) deposit(s) or withdrawal(s) unmatched"
                        + (resolution.unmatched.isEmpty ? "" : ": `harvest transfers match WITHDRAWAL DEPOSIT` or `harvest transfers mark-external REF`"))
                }
                for stale in resolution.staleLinks { Console.error("warning: transfer decision ignored: \(stale)") }
            }
        }

        struct Match: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Match a withdrawal with a deposit into a transfer, whatever the window and tolerance say.")

            @OptionGroup var global: GlobalOptions

            @Argument(help: ArgumentHelp("The withdrawal, as wallet/id (or the id alone when it is unique).", valueName: "withdrawal"))
            var withdrawal: String

            @Argument(help: ArgumentHelp("The deposit, as wallet/id (or the id alone when it is unique).", valueName: "deposit"))
            var deposit: String

            func run() throws {
                let workspace = try Workspace.open(global)
                let transactions = try workspace.history(workspace.settings)
                let sent = try Transfers.find(withdrawal, in: transactions, kind: .withdrawal)
                let arrived = try Transfers.find(deposit, in: transactions, kind: .deposit)
                guard sent.wallet != arrived.wallet else {
                    throw CommandFailure.data("error: \(withdrawal) and \(deposit) are both in wallet \(sent.wallet): a transfer is between two "
                        + "different wallets (say what each one was with `harvest transfers mark-external REF --as ...`)")
                }
                guard let sentAmount = sent.sent, let arrivedAmount = arrived.received else {
                    throw CommandFailure.data("error: \(withdrawal) or \(deposit) moves no quantity")
                }
                let rules = workspace.settings.effectiveTransferRules
                guard rules.matchingClass(sentAmount.asset) == rules.matchingClass(arrivedAmount.asset) else {
                    throw CommandFailure.data("error: \(withdrawal) sends \(sentAmount.asset) but \(deposit) receives \(arrivedAmount.asset), "
                        + "which are not equivalent (add them with `harvest settings set transfer-equivalent.NAME \(sentAmount.asset),\(arrivedAmount.asset)`)")
                }
                guard arrivedAmount.quantity <= sentAmount.quantity + (sent.fee.map { $0.asset == sentAmount.asset ? $0.quantity : .zero } ?? .zero) else {
                    throw CommandFailure.data("error: \(deposit) receives \(arrivedAmount.quantity) but \(withdrawal) sent only \(sentAmount.quantity)")
                }
                try workspace.store.setTransferLink(
                    TransferLink(TransactionReference(sent), .match(deposit: TransactionReference(arrived))), createdAt: Transfers.now())
                Console.out("matched \(TransactionReference(sent)) -> \(TransactionReference(arrived)): \(sentAmount) sent, \(arrivedAmount) received\n")
            }
        }

        struct MarkExternal: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "mark-external",
                abstract: "Say a deposit or withdrawal's other side is outside your tracked wallets, and what it was.",
                discussion: """
                    --as untracked (default): a withdrawal leaves the books without gain or loss; a deposit arrives with zero basis \
                    (flagged missing_basis), or with --basis its known cost. Or what it really was: spend, gift_out, donation, lost \
                    (withdrawals); income, gift_in (deposits; --basis is a gift's carried-over basis, or the income's value).
                    With --all instead of REF, one decision covers every unmatched row that --wallet, --asset, --kind and --through \
                    select (e.g. all unmatched deposits of one wallet before a date as gifts received).
                    """)

            @OptionGroup var global: GlobalOptions

            @Argument(help: ArgumentHelp("The deposit or withdrawal, as wallet/id (or the id alone when it is unique).", valueName: "ref"))
            var reference: String?

            @Flag(help: "Every unmatched deposit or withdrawal that --wallet, --asset, --kind and --through select, instead of REF.")
            var all = false

            @Option(help: "With --all: only this wallet.")
            var wallet: String?

            @Option(help: "With --all: only this asset.")
            var asset: String?

            @Option(help: "With --all: only deposits or only withdrawals.")
            var kind: Side?

            @Option(help: ArgumentHelp("With --all: only rows on or before this day.", valueName: "date"))
            var through: DateArgument?

            enum Side: String, Choice { case deposit, withdrawal }

            @Option(name: .customLong("as"), help: "What it was: untracked; spend, gift_out, donation, lost (withdrawals); income, gift_in (deposits).")
            var external: ExternalKind = .untracked

            func validate() throws {
                if all == (reference != nil) { throw ValidationError("Name one deposit or withdrawal (REF), or select several with --all.") }
                if !all && (wallet != nil || asset != nil || kind != nil || through != nil) {
                    throw ValidationError("--wallet, --asset, --kind and --through select rows for --all.")
                }
            }

            @Option(help: "A deposit's known cost (or a gift's carried-over basis, or the income's value) in the base currency.")
            var basis: String?

            func run() throws {
                let workspace = try Workspace.open(global)
                let transactions = try workspace.history(workspace.settings)
                let chosen: [Transaction]
                if let reference {
                    chosen = [try Transfers.find(reference, in: transactions, kind: nil)]
                } else {
                    let resolution = TransferMatcher.resolve(
                        transactions, rules: workspace.settings.effectiveTransferRules, links: try workspace.store.transferLinks())
                    let last = through?.date, selectedAsset = asset.map(Asset.init)
                    chosen = resolution.unmatched.filter { tx in
                        (wallet == nil || tx.wallet.name == wallet) && (kind == nil || tx.kind.rawValue == kind?.rawValue)
                            && (last.map { tx.date <= $0 } ?? true)
                            && (selectedAsset.map { (tx.sent ?? tx.received)?.asset == $0 } ?? true)
                    }
                    guard !chosen.isEmpty else { throw CommandFailure.data("error: no unmatched deposit or withdrawal fits the selection") }
                }
                var links: [TransferLink] = []
                for tx in chosen {
                    let outgoing = tx.kind == .withdrawal
                    guard let newKind = external.kind(outgoing: outgoing) else {
                        let choices = ExternalKind.choices(outgoing: outgoing).map(\.rawValue).sorted().joined(separator: ", ")
                        throw CommandFailure.usage("--as \(external.rawValue) does not fit a \(tx.kind.rawValue) (\(TransactionReference(tx))): "
                            + "use one of \(choices)" + (all ? ", and --kind to select one side" : ""))
                    }
                    var cost: Money?
                    if let basis {
                        guard !outgoing, let parsed = try? Money(parsing: basis), !parsed.isNegative, SupportedRange.contains(parsed.fixed) else {
                            throw CommandFailure.usage(outgoing ? "--basis is for deposits" : "--basis \(basis) is not an amount such as 1234.56")
                        }
                        cost = parsed
                    }
                    links.append(TransferLink(TransactionReference(tx), .external(kind: newKind, basis: cost)))
                }
                // One decision for many rows: all stored, or none.
                try workspace.store.setTransferLinks(links, createdAt: Transfers.now())
                for link in links {
                    Console.out("marked \(link.transaction) external (\(external.rawValue)\(basis.map { ", basis \($0)" } ?? ""))\n")
                }
            }
        }

        struct Unlink: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Forget your decision about a deposit or withdrawal (the rules match it again).")

            @OptionGroup var global: GlobalOptions

            @Argument(help: ArgumentHelp("The deposit or withdrawal, as wallet/id.", valueName: "ref"))
            var reference: String

            func run() throws {
                let workspace = try Workspace.open(global)
                let tx = try Transfers.find(reference, in: try workspace.history(workspace.settings), kind: nil)
                let removed = try workspace.store.removeTransferLink(TransactionReference(tx))
                Console.out(removed ? "forgot the decision about \(TransactionReference(tx))\n" : "no decision about \(TransactionReference(tx)) was stored\n")
            }
        }

        /// The deposit or withdrawal a user names: `wallet/id`, or an id unique among them.
        static func find(_ text: String, in transactions: [Transaction], kind: TransactionKind?) throws -> Transaction {
            let candidates = transactions.filter { $0.kind == .deposit || $0.kind == .withdrawal }
            var found = candidates.filter { TransactionReference($0).description == text }
            if found.isEmpty { found = candidates.filter { $0.id == text } }
            guard let tx = found.first else {
                throw CommandFailure.data("error: no deposit or withdrawal \(text) (see `harvest transfers --unmatched` for the names)")
            }
            guard found.count == 1 else {
                throw CommandFailure.data("error: \(text) names \(found.count) transactions: write it as wallet/id ("
                    + found.map { TransactionReference($0).description }.joined(separator: ", ") + ")")
            }
            if let kind, tx.kind != kind {
                throw CommandFailure.data("error: \(text) is a \(tx.kind.rawValue), not a \(kind.rawValue)")
            }
            return tx
        }

        static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
    }
}
