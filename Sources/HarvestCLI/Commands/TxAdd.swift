import ArgumentParser
import Foundation
import HarvestCore
import HarvestImport
import HarvestStore

extension HarvestCommand.Tx {
    /// `harvest tx add --timestamp T --type K --wallet W [--sent "Q A"] [--received "Q A"] [--fee "Q A"] ...`
    struct Add: ParsableCommand {
        /// The format name of rows added by hand: part of their identity, and how `tx list` knows them.
        static let source = "manual"
        /// The file name their import batches record.
        static let batchFile = "(harvest tx add)"

        static let configuration = CommandConfiguration(
            abstract: "Add a transaction missing from your files, as one Harvest CSV row; `harvest imports undo` removes it.",
            discussion: """
                The options are the Harvest CSV's columns (see `harvest import --help`), with an amount written as \
                QUANTITY ASSET ("0.5 BTC"), or as the two columns (--received-quantity 0.5 --received-asset BTC). The row is checked as an imported one is: a bad value is an error naming the \
                option, exit 65, and nothing is stored. It is stored as an import batch of its own (source manual).
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("When: YYYY-MM-DD, or an ISO 8601 time (with Z or an offset, or read in the tax time zone).", valueName: "time"))
        var timestamp: String

        @Option(help: ArgumentHelp("The kind: buy, sell, trade, transfer, income, staking, mining, gift_in, spend, ...", valueName: "kind"))
        var type: String

        @Option(help: ArgumentHelp("The wallet.", valueName: "name"))
        var wallet: String

        @Option(help: ArgumentHelp("What was sent, e.g. \"1000 USD\".", valueName: "quantity asset"))
        var sent: String?

        @Option(help: ArgumentHelp("What was received, e.g. \"0.5 BTC\".", valueName: "quantity asset"))
        var received: String?

        @Option(help: ArgumentHelp("A fee charged on top, e.g. \"2.5 USD\".", valueName: "quantity asset"))
        var fee: String?

        @Option(help: ArgumentHelp("What was sent, as the Harvest CSV's column (with --sent-asset), instead of --sent.", valueName: "quantity"))
        var sentQuantity: String?
        @Option(help: ArgumentHelp("The asset of --sent-quantity.", valueName: "asset"))
        var sentAsset: String?
        @Option(help: ArgumentHelp("What was received (with --received-asset), instead of --received.", valueName: "quantity"))
        var receivedQuantity: String?
        @Option(help: ArgumentHelp("The asset of --received-quantity.", valueName: "asset"))
        var receivedAsset: String?
        @Option(help: ArgumentHelp("The fee (with --fee-asset), instead of --fee.", valueName: "quantity"))
        var feeQuantity: String?
        @Option(help: ArgumentHelp("The asset of --fee-quantity.", valueName: "asset"))
        var feeAsset: String?

        @Option(help: ArgumentHelp("The fair value in the base currency, where neither side is it.", valueName: "amount"))
        var value: String?

        @Option(help: ArgumentHelp(
            "A trade: the fair value of what was received, where it differs from --value. A gift_in: the fair value at the gift "
                + "(--value being the donor's basis).", valueName: "amount"))
        var receivedValue: String?

        @Option(help: ArgumentHelp("A gift_in: the day the donor acquired the units (YYYY-MM-DD).", valueName: "date"))
        var donorAcquired: String?

        @Option(help: ArgumentHelp("A transfer's destination wallet.", valueName: "name"))
        var toWallet: String?

        @Option(help: ArgumentHelp("The source's transaction id (default: one made up, starting m:).", valueName: "id"))
        var txId: String?

        @Option(help: ArgumentHelp("A note kept with the row.", valueName: "text"))
        var note: String?

        func validate() throws {
            for (side, amount, parts) in [
                ("sent", sent, [sentQuantity, sentAsset]), ("received", received, [receivedQuantity, receivedAsset]),
                ("fee", fee, [feeQuantity, feeAsset]),
            ] where amount != nil && parts.contains(where: { $0 != nil }) {
                throw ValidationError("--\(side) gives the quantity and the asset: leave out --\(side)-quantity and --\(side)-asset.")
            }
        }

        func run() throws {
            let workspace = try Workspace.open(global)
            let importedAt = HarvestCommand.Tx.now()
            var cells: [String: String] = [
                "timestamp": timestamp, "type": type, "wallet": wallet, "value": value ?? "", "to_wallet": toWallet ?? "", "note": note ?? "",
                "received_value": receivedValue ?? "", "donor_acquired": donorAcquired ?? "",
            ]
            for (side, quantity, asset) in [
                ("sent", sentQuantity, sentAsset), ("received", receivedQuantity, receivedAsset), ("fee", feeQuantity, feeAsset),
            ] {
                if let quantity { cells["\(side)_quantity"] = quantity }
                if let asset { cells["\(side)_asset"] = asset }
            }
            for (option, side, text) in [("--sent", "sent", sent), ("--received", "received", received), ("--fee", "fee", fee)] {
                guard let text else { continue }
                let parts = text.split(whereSeparator: \.isWhitespace).map(String.init)
                guard parts.count == 2 else {
                    throw CommandFailure.data("error: \(option) '\(text)': write QUANTITY ASSET, e.g. \"0.5 BTC\"; nothing was added")
                }
                cells["\(side)_quantity"] = parts[0]
                cells["\(side)_asset"] = parts[1]
            }
            // Unique even for two identical rows added in one second: the content, the time and the process.
            let id = txId ?? "m:" + StableHash.hex(of: cells.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
                + "\n\(Date().timeIntervalSince1970)\n\(ProcessInfo.processInfo.processIdentifier)").prefix(16)
            cells["tx_id"] = id
            let columns = HarvestCSV.columns + HarvestCSV.extensionColumns
            var parsed: ParsedImport
            do {
                parsed = try HarvestCSV.parse(
                    columns.joined(separator: ",") + "\n" + CSV.row(columns.map { cells[$0] ?? "" }), file: "tx add", zone: workspace.settings.zone)
            } catch {
                throw CommandFailure(messages: error.errors.map { "error: \(option(for: $0.column)): \($0.message)" } + ["nothing was added"],
                                     code: .dataError)
            }
            let key = RowKey(source: Add.source, wallet: wallet, externalID: id)
            if let stored = try workspace.store.storedRows(matching: key.description).first(where: { $0.key == key }) {
                throw CommandFailure.data(
                    "error: --tx-id \(id): wallet \(wallet) has a row with that id added already (#\(stored.rowID)); nothing was added")
            }
            // Stored without a file line: `tx show` says it was added by hand.
            parsed.rows = parsed.rows.map { row in
                var row = row
                row.transaction.source = nil
                return row
            }
            parsed.source = Add.source
            _ = try workspace.store.importTransactions(parsed, file: Add.batchFile, importedAt: importedAt, progress: nil)
            guard let stored = try workspace.store.storedRows(matching: key.description).first(where: { $0.key == key }) else {
                throw CommandFailure.other("error: the row was not stored")
            }
            Console.out("added #\(stored.rowID) \(key) (import batch \(stored.batchID): `harvest imports undo \(stored.batchID)` removes it)\n")
        }

        /// The option a Harvest CSV column comes from, for messages.
        func option(for column: String) -> String {
            let combined = ["sent": sent, "received": received, "fee": fee]
            if let side = column.split(separator: "_").first.map(String.init), let given = combined[side], given != nil,
               column.hasSuffix("_quantity") || column.hasSuffix("_asset") {
                return "--" + side
            }
            return column.isEmpty ? "row" : "--" + column.replacingOccurrences(of: "_", with: "-")
        }
    }
}
