import HarvestCore
import HarvestReports

/// `harvest holdings` for people: a table of the open lots, their value and unrealized gain, and the totals.
enum HoldingsText {
    static func render(_ rows: [HoldingsReport.Row], asOf: CivilDate) -> String {
        var table = TextTable(
            headers: ["Asset", "Wallet", "Acquired", "Quantity", "Basis", "Price", "Value", "Unrealized", "Term", "Long from"],
            leftAligned: [0, 1, 2, 8, 9])
        var totalBasis = Money.zero, totalValue = Money.zero, unpriced = 0
        for row in rows {
            let stale = row.price.map { $0.date != asOf ? " (\($0.date))" : "" } ?? ""
            table.add([
                row.lot.asset.symbol + EditMarks.suffix(missingBasis: row.lot.missingBasis, edited: row.lot.edited), row.lot.wallet.name,
                row.lot.dateAcquired.description,
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
        out += EditMarks.legend(missingBasis: rows.contains { $0.lot.missingBasis }, edited: rows.contains { $0.lot.edited })
        return out
    }
}
