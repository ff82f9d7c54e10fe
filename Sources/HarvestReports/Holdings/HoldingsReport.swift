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
    /// - Throws: `ArithmeticOverflow` when a value or their total does not fit (`SupportedRange.checkValuation`).
    public static func rows(_ lots: [Lot], prices: PriceBook, asOf: CivilDate, jurisdiction: Jurisdiction) throws(ArithmeticOverflow) -> [Row] {
        var closes: [Asset: Price] = [:]
        for asset in Set(lots.map(\.asset)) { closes[asset] = prices.latestClose(asset, onOrBefore: asOf)?.price }
        try SupportedRange.checkValuation(lots, prices: closes)
        return lots.map { lot in
            let price = prices.latestClose(lot.asset, onOrBefore: asOf)
            let value = price.map { $0.price * lot.quantity }
            return Row(
                lot: lot, price: price, value: value, unrealized: value.map { lot.unrealized(at: $0) },
                term: jurisdiction.holdingPeriod.term(held: lot.holdingStart, disposed: asOf),
                longTermFrom: jurisdiction.holdingPeriod.firstLongTermDate(held: lot.holdingStart))
        }
    }

    /// One row per lot; a last column `edited` is added when a lot comes from a transaction the user edited.
    public static func csv(_ rows: [Row]) -> String { TextWriter.text { csv(rows, to: $0) } }

    /// The CSV, row by row.
    public static func csv(_ rows: [Row], to writer: TextWriter) {
        let edited = rows.contains { $0.lot.edited }
        writer.write("asset,wallet,date_acquired,quantity,cost_basis,price,price_date,value,unrealized_gain,term,long_term_from,lot_tx_id,missing_basis")
        writer.write(edited ? ",edited\n" : "\n")
        let comma = UInt8(ascii: ",")
        for row in rows {
            writer.writeCSVField(row.lot.asset.symbol)
            writer.write(byte: comma)
            writer.writeCSVField(row.lot.wallet.name)
            writer.write(byte: comma)
            writer.write(row.lot.dateAcquired)
            writer.write(byte: comma)
            writer.write(decimal: row.lot.quantity)
            writer.write(byte: comma)
            writer.write(row.lot.costBasis, scale: ReportRounding.scale, ReportRounding.mode)
            writer.write(byte: comma)
            if let price = row.price { writer.write(decimal: price.price) }
            writer.write(byte: comma)
            if let price = row.price { writer.write(price.date) }
            writer.write(byte: comma)
            if let value = row.value { writer.write(value, scale: ReportRounding.scale, ReportRounding.mode) }
            writer.write(byte: comma)
            if let unrealized = row.unrealized { writer.write(unrealized, scale: ReportRounding.scale, ReportRounding.mode) }
            writer.write(byte: comma)
            writer.write(text: row.term.rawValue)
            writer.write(byte: comma)
            writer.write(row.longTermFrom)
            writer.write(byte: comma)
            writer.writeCSVField(row.lot.transactionID)
            writer.write(row.lot.missingBasis ? ",true" : ",false")
            if edited { writer.write(row.lot.edited ? ",true" : ",false") }
            writer.write(byte: 0x0A)
        }
    }

    public static func json(_ rows: [Row], asOf: CivilDate) -> String { TextWriter.text { json(rows, asOf: asOf, to: $0) } }

    /// `{"as_of":…,"lots":[…]}`, lot by lot, every amount exact.
    public static func json(_ rows: [Row], asOf: CivilDate, to writer: TextWriter) {
        writer.write("{\"as_of\":")
        writer.writeJSONString(asOf)
        writer.write(",\"lots\":[")
        for (index, row) in rows.enumerated() {
            writer.write(index == 0 ? "{\"asset\":" : ",{\"asset\":")
            writer.writeJSONString(row.lot.asset.symbol)
            writer.write(",\"wallet\":")
            writer.writeJSONString(row.lot.wallet.name)
            writer.write(",\"date_acquired\":")
            writer.writeJSONString(row.lot.dateAcquired)
            writer.write(",\"holding_start\":")
            writer.writeJSONString(row.lot.holdingStart)
            writer.write(",\"quantity\":")
            writer.writeJSONString(decimal: row.lot.quantity)
            writer.write(",\"cost_basis\":")
            writer.writeJSONString(decimal: row.lot.costBasis)
            writer.write(",\"price\":")
            if let price = row.price { writer.writeJSONString(decimal: price.price.fixed) } else { writer.write("null") }
            writer.write(",\"price_date\":")
            if let price = row.price { writer.writeJSONString(price.date) } else { writer.write("null") }
            writer.write(",\"value\":")
            if let value = row.value { writer.writeJSONString(decimal: value) } else { writer.write("null") }
            writer.write(",\"unrealized_gain\":")
            if let unrealized = row.unrealized { writer.writeJSONString(decimal: unrealized) } else { writer.write("null") }
            writer.write(",\"term\":")
            writer.writeJSONString(row.term.rawValue)
            writer.write(",\"long_term_from\":")
            writer.writeJSONString(row.longTermFrom)
            writer.write(",\"lot_tx_id\":")
            writer.writeJSONString(row.lot.transactionID)
            writer.write(row.lot.missingBasis ? ",\"missing_basis\":true" : ",\"missing_basis\":false")
            writer.write(row.lot.edited ? ",\"edited\":true}" : ",\"edited\":false}")
        }
        writer.write("]}\n")
    }
}
