import ArgumentParser
import Foundation
import HarvestCore
import HarvestImport
import HarvestReports
import HarvestStore

extension TransactionKind: ExpressibleByArgument {
    /// A kind by its name (`gift_in`), in any case.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension HarvestCommand {
    /// `harvest tx list|show|edit|ignore|unignore|add`: the stored ledger, seen and corrected.
    struct Tx: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tx",
            abstract: "The stored transactions: list them, show one in full, correct, ignore or add one.",
            discussion: """
                REF names one stored row: its row number (#123 or 123, as `tx list` shows it), wallet/id, or an id, or the \
                start of an id when only one row has it. Edits and ignores are a layer over the imported rows, kept by the \
                row's identity (format, wallet, id), never a change to them: re-importing the file keeps them, and after \
                `harvest imports undo` they wait for the same row to be imported again. Reports mark every figure that \
                rests on an edited row (`e` in tables, `edited` in CSV and JSON).
                """,
            subcommands: [List.self, Show.self, Edit.self, Ignore.self, Unignore.self, Add.self], defaultSubcommand: List.self)

        /// The stored row `text` names (see the discussion above).
        /// - Throws: exit 64 when it names several rows (listing them), 65 when it names none.
        static func resolve(_ text: String, in store: SQLiteStore) throws -> StoredRow {
            let reference = text.trimmingCharacters(in: .whitespaces)
            guard !reference.isEmpty else { throw CommandFailure.usage("error: name a transaction: #ROW, wallet/id, or the start of its id") }
            if reference.hasPrefix("#") {
                guard let number = Int64(reference.dropFirst()) else {
                    throw CommandFailure.usage("error: \(reference) is not a row number such as #123")
                }
                guard let row = try store.storedRow(number) else {
                    throw CommandFailure.data("error: no transaction \(reference) (`harvest tx list` shows the row numbers)")
                }
                return row
            }
            // A bare number is a row number when there is such a row; else it is read as an id.
            if reference.allSatisfy(\.isASCII) && reference.allSatisfy(\.isNumber), let number = Int64(reference),
               let row = try store.storedRow(number) {
                return row
            }
            let candidates = try store.storedRows(matching: reference, limit: 11)
            // `hash#2`: one of the trades an on-chain transaction of several assets was decoded into (`OnChainDecoder`), not a
            // stored row: its rows are the ones of that hash.
            if candidates.isEmpty, let mark = reference.lastIndex(of: "#"), reference.index(after: mark) < reference.endIndex,
               reference[reference.index(after: mark)...].allSatisfy(\.isNumber),
               let whole = try store.storedRows(matching: String(reference[..<mark]), limit: 2).first {
                throw CommandFailure.data(
                    "error: '\(reference)' is one of the trades decoded from the on-chain transaction of row #\(whole.rowID) "
                        + "(several assets moved): its value follows its rows' values; `harvest tx show #\(whole.rowID)` shows that row, and "
                        + "`harvest prices import ASSET-USD.csv` prices an asset nothing values")
            }
            guard let first = candidates.first else {
                throw CommandFailure.data(
                    "error: no transaction matches '\(reference)': name it by row number (#123), wallet/id, or the start of its id "
                        + "(`harvest tx list` shows them)")
            }
            guard candidates.count == 1 else {
                let listed = candidates.prefix(10).map { row in
                    "  #\(row.rowID)  \(row.key)  (\(row.key.source), \(row.line.map { "\(row.file):\($0)" } ?? row.file))"
                }
                throw CommandFailure(
                    messages: ["error: '\(reference)' names \(candidates.count > 10 ? "more than 10" : "\(candidates.count)") transactions:"]
                        + listed + ["name one by its row number (#N) or its full wallet/id"],
                    code: .usage)
            }
            return first
        }

        /// The row as imported, read under today's settings (before any edit).
        static func imported(_ row: StoredRow, _ workspace: Workspace) throws -> Transaction {
            let settings = workspace.settings
            guard let tx = try workspace.store.loadTransactions(
                rowIDs: [row.rowID], zone: settings.zone, baseCurrency: settings.jurisdiction.baseCurrency).first else {
                throw CommandFailure.other("error: transaction #\(row.rowID) could not be read")
            }
            return tx
        }

        /// The clock's now, as stored with edits and batches.
        static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

        /// `harvest tx list`
        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list",
                abstract: "List the transactions as the engine sees them (after your edits), one row each.",
                discussion: """
                    Rows are in time order. The table fits 80 columns: a row is named by its number (#123, which `tx show` \
                    takes), long wallets and amounts are shortened (amounts rounded to fit); csv and json carry every \
                    figure exactly and the full reference wallet/id. Mark: edited (you changed its figures), ignored (left \
                    out of the history, listed here so you can bring it back), added (by `harvest tx add`).
                    """)

            @OptionGroup var global: GlobalOptions

            @Option(help: "Only rows of this wallet (rows sending to it included).")
            var wallet: String?

            @Option(help: "Only rows that send, receive or pay a fee in this asset.")
            var asset: String?

            @Option(help: "Only rows of this kind.")
            var kind: TransactionKind?

            @Option(help: ArgumentHelp("Only rows on or after this tax day.", valueName: "YYYY-MM-DD"))
            var from: DateArgument?

            @Option(help: ArgumentHelp("Only rows on or before this tax day.", valueName: "YYYY-MM-DD"))
            var to: DateArgument?

            @Flag(help: "Only rows you edited, ignored or added.")
            var edited = false

            @Flag(help: "Only rows that `harvest problems` lists: unpriced, taking more than was held, unmatched transfers.")
            var problems = false

            @Option(help: "How to write the list.")
            var format: OutputFormat = .table

            @Flag(help: "Show every row of the table on a terminal too (there it stops after \(TableRows.terminalLimit) rows; pipes and files get every row).")
            var all = false

            func run() throws {
                let workspace = try Workspace.open(global)
                let settings = workspace.settings
                let edits = try workspace.store.transactionEdits()
                var transactions = try workspace.history(settings)
                let ignoredRows = edits.filter(\.ignored).compactMap(\.rowID)
                let ignored = Set(ignoredRows.map { Int($0) })
                if !ignoredRows.isEmpty {
                    transactions += try workspace.store.loadTransactions(
                        rowIDs: ignoredRows, zone: settings.zone, baseCurrency: settings.jurisdiction.baseCurrency)
                    transactions.sort { ($0.timestamp, $0.sequence) < ($1.timestamp, $1.sequence) }
                }
                let added = Set(try workspace.store.rowIDs(source: Tx.Add.source).map { Int($0) })
                let problemRows = problems
                    ? Set(try workspace.problems(settings, asOf: workspace.today()).flatMap(\.transactions)) : []
                let rows = transactions.compactMap { tx -> LedgerText.Listed? in
                    let mark = ignored.contains(tx.sequence) ? "ignored" : tx.edited ? "edited" : added.contains(tx.sequence) ? "added" : ""
                    guard keeps(tx), !edited || !mark.isEmpty, !problems || problemRows.contains(TransactionReference(tx)) else { return nil }
                    return LedgerText.Listed(transaction: tx, mark: mark)
                }
                // Written as the rows are produced: never the whole list as one string.
                StreamedOutput.toStandardOutput { writer in
                    switch format {
                    case .table:
                        if rows.isEmpty { writer.write("No transactions.\n") }
                        else { LedgerText.table(rows, shown: .forStandardOutput(all: all), to: writer) }
                    case .csv: LedgerText.csv(rows, to: writer)
                    case .json: LedgerText.json(rows, to: writer)
                    }
                }
                if format == .table { Console.error("\(rows.count) transaction(s); `harvest tx show #ROW` shows one in full") }
                let dormant = edits.filter { $0.rowID == nil }.count
                if dormant > 0 {
                    Console.error("\(dormant) edit(s) wait for rows not stored now (removed by `harvest imports undo`): they apply again "
                        + "when those rows are imported again")
                }
            }

            /// Whether `tx` passes the filters.
            func keeps(_ tx: Transaction) -> Bool {
                if let wallet, tx.wallet != Wallet(wallet) && tx.toWallet != Wallet(wallet) { return false }
                if let asset {
                    let wanted = Asset(asset)
                    guard [tx.sent, tx.received, tx.fee].contains(where: { $0?.asset == wanted }) else { return false }
                }
                if let kind, tx.kind != kind { return false }
                if let from, tx.date < from.date { return false }
                if let to, tx.date > to.date { return false }
                return true
            }
        }

        /// `harvest tx show REF`
        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show one transaction in full: its file and line, the raw row, the imported and edited values, how it "
                    + "was valued, and the lots it created or consumed.",
                discussion: """
                    The raw row is read again from the file, when a file is still at the path it was imported from (it is \
                    not stored). The lots are those of a replay of the whole history with the settings and the options given.
                    """)

            @OptionGroup var global: GlobalOptions
            @OptionGroup var replay: ReplayOptions

            @OptionGroup var transaction: TransactionArgument

            func run() throws {
                let workspace = try Workspace.open(global)
                let row = try transaction.row(in: workspace.store)
                Console.out(try Self.render(row, in: workspace) { try workspace.replay(replay) })
            }

            /// What `tx show` prints about `row`; `replayed` gives the history's replay for its lots (the dashboard passes
            /// the replay it keeps).
            static func render(_ row: StoredRow, in workspace: Workspace, replayed: () throws -> Workspace.Replayed) throws -> String {
                let imported = try Tx.imported(row, workspace)
                let edit = try workspace.store.transactionEdit(row.key)
                var shown = LedgerText.Shown(row: row, imported: imported, edit: edit, batch: try workspace.store.importBatch(row.batchID))
                if let edit, !edit.changes.isEmpty {
                    do {
                        shown.edited = try EditLayer.applying(
                            EditLayer.changes(edit, baseCurrency: workspace.settings.jurisdiction.baseCurrency), to: imported,
                            zone: workspace.settings.zone)
                    } catch {
                        let reasons = error.errors.map { "\($0.column): \($0.message)" }.joined(separator: "; ")
                        shown.problems.append("the edit no longer fits the row: " + reasons)
                    }
                }
                shown.rawLine = LedgerText.rawLine(file: row.file, line: row.line, importedAt: shown.batch?.importedAt)
                if edit?.ignored == true {
                    shown.problems.append("ignored: the history leaves it out (`harvest tx unignore \(row.rowID)` brings it back)")
                } else {
                    do {
                        shown.replay = LedgerText.Replay(try replayed(), rowID: row.rowID)
                    } catch {
                        let messages = explain(error)?.messages ?? ["\(error)"]
                        shown.problems.append("the history does not replay, so its lots are not known: " + messages.joined(separator: " "))
                    }
                }
                return shown.render()
            }
        }
    }
}

/// The REF argument of `tx show|edit|ignore|unignore`: one stored row.
struct TransactionArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The transaction: #ROW, wallet/id, or the start of its id.", valueName: "ref"))
    var reference: String

    /// The row `reference` names (`HarvestCommand.Tx.resolve`).
    func row(in store: SQLiteStore) throws -> StoredRow { try HarvestCommand.Tx.resolve(reference, in: store) }
}
