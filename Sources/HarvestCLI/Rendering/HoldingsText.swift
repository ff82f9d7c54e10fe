import HarvestCore
import HarvestReports

/// `harvest holdings` for people: a table of the open lots, their value and unrealized gain, and the totals.
enum HoldingsText {
    static func render(_ rows: [HoldingsReport.Row], asOf: CivilDate) -> String {
        TextWriter.text { write(rows, asOf: asOf, shown: .all, to: $0) }
    }

    /// Writes the table row by row, then the totals (of every lot, shown or not); on a terminal `shown` may leave rows
    /// out, with a note after the table.
    static func write(_ rows: [HoldingsReport.Row], asOf: CivilDate, shown: TableRows, to writer: TextWriter) {
        writer.write(text: "Holdings as of \(asOf): \(rows.count) open lot(s)\n\n")
        TextTable.write(
            headers: ["Asset", "Wallet", "Acquired", "Quantity", "Basis", "Price", "Value", "Unrealized", "Term", "Long from"],
            leftAligned: [0, 1, 2, 8, 9], count: shown.shown(of: rows.count), to: writer
        ) { index in
            let row = rows[index]
            let stale = row.price.map { $0.date != asOf ? " (\($0.date))" : "" } ?? ""
            return [
                row.lot.asset.symbol + EditMarks.suffix(missingBasis: row.lot.missingBasis, edited: row.lot.edited), row.lot.wallet.name,
                row.lot.dateAcquired.description,
                NumberText.decimal(row.lot.quantity.fixed), TextTable.money(row.lot.costBasis),
                row.price.map { TextTable.money(Money($0.price.fixed)) + stale } ?? "no price",
                row.value.map(TextTable.money) ?? "-", row.unrealized.map(TextTable.money) ?? "-", row.term.rawValue,
                row.term == .long ? "" : row.longTermFrom.description,
            ]
        }
        if let note = shown.note(rows: rows.count, noun: "lots", seeAll: "`--all` shows every lot here, `--format csv` writes them for a spreadsheet.") {
            writer.write(text: note)
        }
        var totalBasis = Money.zero, totalValue = Money.zero, unpriced = 0
        for row in rows {
            totalBasis += row.lot.costBasis
            if let value = row.value { totalValue += value } else { unpriced += 1 }
        }
        var out = "\nTotal basis \(TextTable.money(totalBasis)), value \(TextTable.money(totalValue))"
        out += unpriced > 0 ? " (\(unpriced) lot(s) without a price not counted)\n" : ", unrealized \(TextTable.money(totalValue - totalBasis))\n"
        out += EditMarks.legend(missingBasis: rows.contains { $0.lot.missingBasis }, edited: rows.contains { $0.lot.edited })
        writer.write(text: out)
    }
}
