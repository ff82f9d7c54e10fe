import ArgumentParser
import HarvestCore
import HarvestReports
import HarvestStore

extension HarvestCommand {
    /// `harvest holdings [--as-of DATE]`
    struct Holdings: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open lots: wallet, acquired, quantity, basis, value, unrealized gain, term.",
            discussion: """
                Value uses the latest close on or before the as-of date (its date is shown when older). Term is what a sale on \
                the as-of date would be.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: ArgumentHelp("The day to report holdings at, YYYY-MM-DD (default: today).", valueName: "date"))
        var asOf: DateArgument?

        @Option(help: "table, csv or json.")
        var format: OutputFormat = .table

        func run() throws {
            let workspace = try Workspace.open(global)
            let asOf = self.asOf?.date ?? workspace.today()
            let replayed = try workspace.replay(replay, through: asOf)
            let rows = HoldingsReport.rows(replayed.result.openLots, prices: replayed.prices, asOf: asOf, jurisdiction: replayed.settings.jurisdiction)
            Console.out(HoldingsReport.render(rows, format: format, asOf: asOf))
        }
    }
}

/// Open lots valued at a date.
enum HoldingsReport {
    struct Row {
        var lot: Lot
        var price: (date: CivilDate, price: Price)?
        var value: Money?
        var unrealized: Money?
        var term: Term
        var longTermFrom: CivilDate
    }

    static func rows(_ lots: [Lot], prices: PriceBook, asOf: CivilDate, jurisdiction: Jurisdiction) -> [Row] {
        lots.map { lot in
            let price = prices.latestClose(lot.asset, onOrBefore: asOf)
            let value = price.map { $0.price * lot.quantity }
            return Row(
                lot: lot, price: price, value: value, unrealized: value.map { $0 - lot.costBasis },
                term: jurisdiction.holdingPeriod.term(held: lot.holdingStart, disposed: asOf),
                longTermFrom: jurisdiction.holdingPeriod.firstLongTermDate(held: lot.holdingStart))
        }
    }

    static func render(_ rows: [Row], format: OutputFormat, asOf: CivilDate) -> String {
        switch format {
        case .csv:
            var out = "asset,wallet,date_acquired,quantity,cost_basis,price,price_date,value,unrealized_gain,term,long_term_from,lot_tx_id,missing_basis\n"
            for row in rows {
                out += [
                    row.lot.asset.symbol, row.lot.wallet.name, row.lot.dateAcquired.description, row.lot.quantity.description,
                    ReportRounding.text(row.lot.costBasis), row.price.map { $0.price.description } ?? "",
                    row.price.map { $0.date.description } ?? "", row.value.map(ReportRounding.text) ?? "",
                    row.unrealized.map(ReportRounding.text) ?? "", row.term.rawValue, row.longTermFrom.description,
                    row.lot.transactionID, row.lot.missingBasis ? "true" : "false",
                ].csvRow
            }
            return out
        case .json:
            let items = rows.map { row in
                JSON.object([
                    ("asset", JSON.string(row.lot.asset.symbol)), ("wallet", JSON.string(row.lot.wallet.name)),
                    ("date_acquired", JSON.string(row.lot.dateAcquired.description)),
                    ("holding_start", JSON.string(row.lot.holdingStart.description)),
                    ("quantity", JSON.string(row.lot.quantity.description)), ("cost_basis", JSON.string(row.lot.costBasis.description)),
                    ("price", row.price.map { JSON.string($0.price.description) } ?? "null"),
                    ("price_date", row.price.map { JSON.string($0.date.description) } ?? "null"),
                    ("value", row.value.map { JSON.string($0.description) } ?? "null"),
                    ("unrealized_gain", row.unrealized.map { JSON.string($0.description) } ?? "null"),
                    ("term", JSON.string(row.term.rawValue)), ("long_term_from", JSON.string(row.longTermFrom.description)),
                    ("lot_tx_id", JSON.string(row.lot.transactionID)), ("missing_basis", row.lot.missingBasis ? "true" : "false"),
                ])
            }
            return JSON.object([("as_of", JSON.string(asOf.description)), ("lots", JSON.array(items))]) + "\n"
        case .table:
            var table = TextTable(
                headers: ["Asset", "Wallet", "Acquired", "Quantity", "Basis", "Price", "Value", "Unrealized", "Term", "Long from"],
                leftAligned: [0, 1, 2, 8, 9])
            var totalBasis = Money.zero, totalValue = Money.zero, unpriced = 0
            for row in rows {
                let stale = row.price.map { $0.date != asOf ? " (\($0.date))" : "" } ?? ""
                table.add([
                    row.lot.asset.symbol + (row.lot.missingBasis ? " *" : ""), row.lot.wallet.name, row.lot.dateAcquired.description,
                    row.lot.quantity.description, TextTable.money(row.lot.costBasis),
                    row.price.map { Money.grouped($0.price.fixed.formatted(scale: 2, .halfAwayFromZero)) + stale } ?? "no price",
                    row.value.map(TextTable.money) ?? "-", row.unrealized.map(TextTable.money) ?? "-", row.term.rawValue,
                    row.term == .long ? "" : row.longTermFrom.description,
                ])
                totalBasis += row.lot.costBasis
                if let value = row.value { totalValue += value } else { unpriced += 1 }
            }
            var out = "Holdings as of \(asOf): \(rows.count) open lot(s)\n\n" + table.render()
            out += "\nTotal basis \(TextTable.money(totalBasis)), value \(TextTable.money(totalValue))"
            out += unpriced > 0 ? " (\(unpriced) lot(s) without a price not counted)\n" : ", unrealized \(TextTable.money(totalValue - totalBasis))\n"
            if rows.contains(where: { $0.lot.missingBasis }) { out += "* zero basis assumed (--allow-missing-basis)\n" }
            return out
        }
    }
}
