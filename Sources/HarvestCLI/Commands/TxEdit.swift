import ArgumentParser
import Foundation
import HarvestCore
import HarvestImport
import HarvestStore

extension HarvestCommand.Tx {
    /// `harvest tx edit REF --kind/--value/... --set FIELD=VALUE --note TEXT`, `--reset`
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct a transaction's figures: an edit layered over the imported row, which re-imports keep.",
            discussion: """
                Each value is checked as the Harvest CSV importer checks a cell; a bad one (a number that is not one, an \
                unknown kind or field) is an error naming the field and the value, exit 65, and nothing is changed. \
                --set takes the Harvest CSV's column names: \(EditLayer.fields.joined(separator: ", ")) (and kind for \
                type); an empty value (--set fee_quantity= --set fee_asset=) clears an optional field. A timestamp \
                without an offset is read in the tax time zone in force at each replay; --value is in the base \
                currency in force now (if the base currency changes, the row is priced instead). Edits add up: each \
                one changes only the fields it names. `tx show REF` shows the imported and the edited values.
                """)

        @OptionGroup var global: GlobalOptions

        @OptionGroup var transaction: TransactionArgument

        @Option(help: ArgumentHelp("The kind (the Harvest CSV's type): buy, sell, trade, transfer, income, staking, ...", valueName: "kind"))
        var kind: String?

        @Option(help: ArgumentHelp("The fair value in the base currency (empty: priced from the price store).", valueName: "amount"))
        var value: String?

        @Option(help: ArgumentHelp("The quantity sent (the asset stays; --set sent_asset=X changes it).", valueName: "quantity"))
        var sentQuantity: String?

        @Option(help: ArgumentHelp("The quantity received.", valueName: "quantity"))
        var receivedQuantity: String?

        @Option(help: ArgumentHelp("The fee's quantity.", valueName: "quantity"))
        var feeQuantity: String?

        @Option(name: [.customLong("timestamp"), .customLong("date")],
                help: ArgumentHelp("When it happened: YYYY-MM-DD, or an ISO 8601 time (with Z or an offset, or read in the tax time zone).",
                                   valueName: "time"))
        var timestamp: String?

        @Option(help: ArgumentHelp("The wallet it belongs to.", valueName: "name"))
        var wallet: String?

        @Option(name: .customLong("set"), help: ArgumentHelp("Any field, as FIELD=VALUE (repeatable).", valueName: "field=value"))
        var assignments: [String] = []

        @Option(help: ArgumentHelp("Your note on the row: why it was changed (shown by `tx show`).", valueName: "text"))
        var note: String?

        @Flag(help: "Remove your changes to the row (and your note): it reads as imported again. An ignored row stays ignored.")
        var reset = false

        func validate() throws {
            let changes = [kind, value, sentQuantity, receivedQuantity, feeQuantity, timestamp, wallet].contains { $0 != nil } || !assignments.isEmpty
            if reset && (changes || note != nil) { throw ValidationError("--reset removes the edit: give it alone.") }
            if !reset && !changes && note == nil {
                throw ValidationError("Name at least one change (e.g. --value 1234.56 or --set FIELD=VALUE), or --reset.")
            }
        }

        /// The fields named, in the order given: the options first, then each --set.
        func requestedChanges() throws -> [(field: String, value: String)] {
            var changes: [(field: String, value: String)] = []
            let options: [(String, String?)] = [
                ("type", kind), ("value", value), ("sent_quantity", sentQuantity), ("received_quantity", receivedQuantity),
                ("fee_quantity", feeQuantity), ("timestamp", timestamp), ("wallet", wallet),
            ]
            for case let (field, value?) in options { changes.append((field, value)) }
            for assignment in assignments {
                guard let equals = assignment.firstIndex(of: "=") else {
                    throw CommandFailure.data("error: --set \(assignment): takes FIELD=VALUE, e.g. value=1234.56; nothing was changed")
                }
                var field = assignment[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                if field == "kind" { field = "type" }
                guard EditLayer.fields.contains(field) else {
                    throw CommandFailure.data(
                        "error: --set \(assignment): unknown field '\(field)' (fields: \(EditLayer.fields.joined(separator: ", "))); "
                            + "nothing was changed")
                }
                changes.append((field, String(assignment[assignment.index(after: equals)...]).trimmingCharacters(in: .whitespaces)))
            }
            return changes
        }

        func run() throws {
            let workspace = try Workspace.open(global)
            let store = workspace.store
            let row = try transaction.row(in: store)
            let existing = try store.transactionEdit(row.key)
            let now = HarvestCommand.Tx.now()
            if reset {
                guard var edit = existing, !edit.changes.isEmpty || !edit.note.isEmpty else {
                    Console.out("#\(row.rowID) \(row.key) has no changes to remove\n")
                    return
                }
                edit.changes = [:]
                edit.valueCurrency = nil
                edit.note = ""
                edit.updatedAt = now
                try store.saveTransactionEdit(edit)
                Console.out("#\(row.rowID) \(row.key) reads as imported again\(edit.ignored ? " (it is still ignored)" : "")\n")
                return
            }
            let requested = try requestedChanges()
            let imported = try HarvestCommand.Tx.imported(row, workspace)
            var changes = existing?.changes ?? [:]
            for (field, value) in requested { changes[field] = value }
            // Checked as the importer checks a row, whole (a kind needs its sides), before anything is written.
            do {
                _ = try EditLayer.applying(changes, to: imported, zone: workspace.settings.zone)
            } catch {
                throw CommandFailure(
                    messages: error.errors.map { "error: \($0.column.isEmpty ? "row" : $0.column): \($0.message)" }
                        + ["nothing was changed"],
                    code: .dataError)
            }
            let valueChanged = requested.contains { ["value", "fee_value", "received_value"].contains($0.field) }
            try store.saveTransactionEdit(TransactionEdit(
                key: row.key, changes: changes,
                valueCurrency: valueChanged ? workspace.settings.jurisdiction.baseCurrency.symbol : existing?.valueCurrency,
                ignored: existing?.ignored ?? false, note: note ?? existing?.note ?? "", createdAt: existing?.createdAt ?? now, updatedAt: now))
            let fields = requested.map { "\($0.field) \($0.value.isEmpty ? "cleared" : $0.value)" }
            Console.out("edited #\(row.rowID) \(row.key)" + (fields.isEmpty ? ": note saved" : ": " + fields.joined(separator: ", ")) + "\n")
        }
    }

    /// `harvest tx ignore REF`
    struct Ignore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Leave a transaction out of the history (a duplicate, a test, a row that is not yours); it stays stored.")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var transaction: TransactionArgument

        @Option(help: ArgumentHelp("Why (shown by `tx show`).", valueName: "text"))
        var note: String?

        func run() throws {
            let workspace = try Workspace.open(global)
            let row = try transaction.row(in: workspace.store)
            try HarvestCommand.Tx.setIgnored(true, row: row, note: note, store: workspace.store)
            Console.out("ignored #\(row.rowID) \(row.key): the history leaves it out (`harvest tx unignore \(row.rowID)` brings it back)\n")
        }
    }

    /// `harvest tx unignore REF`
    struct Unignore: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bring an ignored transaction back into the history.")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var transaction: TransactionArgument

        func run() throws {
            let workspace = try Workspace.open(global)
            let row = try transaction.row(in: workspace.store)
            guard try workspace.store.transactionEdit(row.key)?.ignored == true else {
                Console.out("#\(row.rowID) \(row.key) is not ignored\n")
                return
            }
            try HarvestCommand.Tx.setIgnored(false, row: row, note: nil, store: workspace.store)
            Console.out("#\(row.rowID) \(row.key) is back in the history\n")
        }
    }

    /// Marks `row` ignored or not, keeping the rest of its edit.
    static func setIgnored(_ ignored: Bool, row: StoredRow, note: String?, store: SQLiteStore) throws {
        let now = now()
        var edit = try store.transactionEdit(row.key) ?? TransactionEdit(key: row.key, createdAt: now)
        edit.ignored = ignored
        if let note { edit.note = note }
        edit.updatedAt = now
        try store.saveTransactionEdit(edit)
    }
}
