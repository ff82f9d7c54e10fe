import HarvestCore

/// `harvest report income --year Y`: each income event of a tax year (staking, mining, airdrops, interest, rewards) with
/// its day, units, fair value in the base currency when received (which is also the lot's basis), wallet and source
/// row, then a total per type and the year's total.
///
/// Rounding (`ReportRounding`): each row's value is printed to cents, half away from zero, and every total is the sum of
/// the printed rows, as the forms' arithmetic requires; the JSON keeps each row's exact value beside the printed one.
///
/// Where it goes on a US return (`usLine`): digital assets received as ordinary income that are not reported elsewhere
/// go on Schedule 1 (Form 1040) line 8v (the form since 2022; Rev. Rul. 2023-14 for staking rewards, Notice 2014-21
/// Q&A 8–9 for mining). Mining or staking carried on as a trade or business goes on Schedule C instead, with
/// self-employment tax; Harvest cannot tell which, so the column says so for mining and staking. Other countries'
/// returns are not named: the column is empty.
public enum IncomeReport {
    public static let header = ["date", "type", "asset", "quantity", "value", "wallet", "us_line", "transaction_id", "source"]

    /// One income event as printed.
    public struct Row: Sendable {
        public var record: IncomeRecord
        /// The value to cents, half away from zero.
        public var value: Money
        public init(_ record: IncomeRecord) {
            self.record = record
            value = ReportRounding.cents(record.value)
        }
    }

    /// The totals of the printed rows: per type (in `IncomeType` order) and overall.
    public struct Totals: Sendable, Equatable {
        public var byType: [IncomeType: Money] = [:]
        public var rows = 0
        public var total: Money { byType.values.reduce(Money.zero, +) }

        public init() {}

        mutating func add(_ row: Row) {
            byType[row.record.type, default: .zero] += row.value
            rows += 1
        }
    }

    /// The form line of a US return, or "" for other jurisdictions.
    public static func usLine(_ type: IncomeType, jurisdiction: Jurisdiction) -> String {
        guard jurisdiction.code == Jurisdiction.us.code else { return "" }
        switch type {
        case .mining, .staking: return "Schedule 1 line 8v (Schedule C if a trade or business)"
        case .airdrop, .interest, .reward, .other: return "Schedule 1 line 8v"
        }
    }

    /// The year's rows, in the order received.
    public static func rows(_ income: [IncomeRecord], year: Int) -> some Sequence<Row> {
        income.lazy.filter { $0.taxYear == year }.map(Row.init)
    }

    /// Writes the CSV: a row per event, then a total row per type received and the year's total; the totals.
    @discardableResult
    public static func csv(
        year: Int, income: [IncomeRecord], jurisdiction: Jurisdiction, source: (IncomeRecord) -> SourceLocation?, to writer: TextWriter
    ) -> Totals {
        writer.writeCSVRow(header)
        var totals = Totals()
        for row in rows(income, year: year) {
            let r = row.record
            writer.writeCSVRow([
                r.date.description, r.type.rawValue, r.asset.symbol, r.quantity.description, ReportRounding.text(row.value), r.wallet.name,
                usLine(r.type, jurisdiction: jurisdiction), r.transactionID, source(r)?.description ?? "",
            ])
            totals.add(row)
        }
        for type in IncomeType.allCases.sorted() {
            guard let amount = totals.byType[type] else { continue }
            writer.writeCSVRow(["Total", type.rawValue, "", "", ReportRounding.text(amount), "", usLine(type, jurisdiction: jurisdiction), "", ""])
        }
        writer.writeCSVRow(["Total", "all (\(totals.rows) rows)", "", "", ReportRounding.text(totals.total), "", "", "", ""])
        return totals
    }

    /// Writes the JSON document: `{"year":Y,"currency":"USD","income":[…],"totals":{…},"total":"…"}` and a newline;
    /// amounts as strings, each row's exact value beside the printed one.
    @discardableResult
    public static func json(
        year: Int, income: [IncomeRecord], jurisdiction: Jurisdiction, source: (IncomeRecord) -> SourceLocation?, to writer: TextWriter
    ) -> Totals {
        writer.write("{\"year\":")
        writer.write(year)
        writer.write(",\"currency\":")
        writer.writeJSONString(jurisdiction.baseCurrency.symbol)
        writer.write(",\"income\":[")
        var totals = Totals()
        for row in rows(income, year: year) {
            let r = row.record
            if totals.rows > 0 { writer.write(byte: UInt8(ascii: ",")) }
            writer.write("{\"date\":")
            writer.writeJSONString(r.date)
            writer.write(",\"type\":")
            writer.writeJSONString(r.type.rawValue)
            writer.write(",\"asset\":")
            writer.writeJSONString(r.asset.symbol)
            writer.write(",\"quantity\":")
            writer.writeJSONString(decimal: r.quantity)
            writer.write(",\"value\":")
            writer.writeJSONString(decimal: row.value)
            writer.write(",\"exact_value\":")
            writer.writeJSONString(decimal: r.value)
            writer.write(",\"wallet\":")
            writer.writeJSONString(r.wallet.name)
            writer.write(",\"us_line\":")
            writer.writeJSONString(usLine(r.type, jurisdiction: jurisdiction))
            writer.write(",\"transaction_id\":")
            writer.writeJSONString(r.transactionID)
            writer.write(",\"source\":")
            GainsJSON.writeSource(source(r), to: writer)
            writer.write(",\"edited\":")
            writer.write(r.edited ? "true" : "false")
            writer.write(byte: UInt8(ascii: "}"))
            totals.add(row)
        }
        writer.write("],\"totals\":{")
        var first = true
        for type in IncomeType.allCases.sorted() {
            guard let amount = totals.byType[type] else { continue }
            if !first { writer.write(byte: UInt8(ascii: ",")) }
            first = false
            writer.writeJSONString(type.rawValue)
            writer.write(byte: UInt8(ascii: ":"))
            writer.writeJSONString(decimal: amount)
        }
        writer.write("},\"total\":")
        writer.writeJSONString(decimal: totals.total)
        writer.write("}\n")
        return totals
    }
}
