import HarvestCore

/// `harvest holdings --format csv|json`: the open lots valued at a date, for machines (cents in CSV, exact amounts in JSON).
public enum HoldingsReport {
    public struct Row: Sendable {
        public var lot: Lot
        public var price: (date: CivilDate, price: Price)?
        public var value: Money?
        public var unrealized: Money?
        public var term: Term
        public var longTermFrom: CivilDate
    }

    /// Each lot with its latest close on or before `asOf`, its value, unrealized gain and term on that day.
    public static func rows(_ lots: [Lot], prices: PriceBook, asOf: CivilDate, jurisdiction: Jurisdiction) -> [Row] {
        lots.map { lot in
            let price = prices.latestClose(lot.asset, onOrBefore: asOf)
            let value = price.map { $0.price * lot.quantity }
            return Row(
                lot: lot, price: price, value: value, unrealized: value.map { lot.unrealized(at: $0) },
                term: jurisdiction.holdingPeriod.term(held: lot.holdingStart, disposed: asOf),
                longTermFrom: jurisdiction.holdingPeriod.firstLongTermDate(held: lot.holdingStart))
        }
    }

    /// One row per lot; a last column `edited` is added when a lot comes from a transaction the user edited.
    public static func csv(_ rows: [Row]) -> String {
        let edited = rows.contains { $0.lot.edited }
        var out = "asset,wallet,date_acquired,quantity,cost_basis,price,price_date,value,unrealized_gain,term,long_term_from,lot_tx_id,missing_basis"
            + (edited ? ",edited\n" : "\n")
        for row in rows {
            out += ([
                row.lot.asset.symbol, row.lot.wallet.name, row.lot.dateAcquired.description, row.lot.quantity.description,
                ReportRounding.text(row.lot.costBasis), row.price.map { $0.price.description } ?? "",
                row.price.map { $0.date.description } ?? "", row.value.map(ReportRounding.text) ?? "",
                row.unrealized.map(ReportRounding.text) ?? "", row.term.rawValue, row.longTermFrom.description,
                row.lot.transactionID, row.lot.missingBasis ? "true" : "false",
            ] + (edited ? [row.lot.edited ? "true" : "false"] : [])).csvRow
        }
        return out
    }

    public static func json(_ rows: [Row], asOf: CivilDate) -> String {
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
                ("edited", row.lot.edited ? "true" : "false"),
            ])
        }
        return JSON.object([("as_of", JSON.string(asOf.description)), ("lots", JSON.array(items))]) + "\n"
    }
}
