import HarvestCore
import HarvestReports

/// Derivative rows and positions for people: the tables `harvest gains` and `harvest holdings` add after the spot ones.
enum DerivativesText {
    /// The realized derivative rows (closes, expiries, year-end marks, funding, straddle adjustments).
    static func writeGains(_ rows: [DerivativeGain], fundingPaid: [FundingPaid], to writer: TextWriter) {
        guard !rows.isEmpty || !fundingPaid.isEmpty else { return }
        writer.write(text: "\nDerivatives: \(rows.count) realized row(s) (term 1256: 60% long-term, 40% short-term on Form 6781)\n\n")
        TextTable.write(
            headers: ["Instrument", "Wallet", "Side", "Contracts", "Opened", "Closed", "Event", "Proceeds", "Basis", "Adjustment", "Gain", "Term"],
            leftAligned: [0, 1, 2, 4, 5, 6, 11], count: rows.count, to: writer
        ) { index in
            let row = rows[index]
            return [
                row.instrument, row.wallet.name, row.side.rawValue, NumberText.decimal(row.contracts.fixed), row.dateOpened.description,
                row.dateClosed.description, row.kind.rawValue, TextTable.money(PrintedMoney.rounded(row.proceeds)),
                TextTable.money(PrintedMoney.rounded(row.costBasis)), TextTable.money(PrintedMoney.rounded(row.adjustment)),
                TextTable.money(row.printedGain), DerivativeGainsCSV.term(row),
            ]
        }
        if !fundingPaid.isEmpty {
            let total = fundingPaid.map(\.amount).sum()
            writer.write(text: "\nFunding paid, not deducted (ordinary deduction suspended by IRC §67(g); `settings set derivative-funding capital` "
                + "for the other reading): \(TextTable.money(total)) in \(fundingPaid.count) payment(s)\n")
        }
    }

    /// The open positions, valued at their latest mark.
    static func writePositions(_ positions: [DerivativePosition], asOf: CivilDate, jurisdiction: Jurisdiction, to writer: TextWriter) {
        guard !positions.isEmpty else { return }
        writer.write(text: "\nOpen derivative positions as of \(asOf): \(positions.count)\n\n")
        TextTable.write(
            headers: ["Instrument", "Wallet", "Side", "Contracts", "Opened", "Carried", "Mark", "Unrealized", "Term"],
            leftAligned: [0, 1, 2, 4, 8], count: positions.count, to: writer
        ) { index in
            let position = positions[index]
            let term = position.term(on: asOf, holdingPeriod: jurisdiction.holdingPeriod)
            return [
                position.instrument.symbol, position.wallet.name, position.side.rawValue, NumberText.decimal(position.contracts.fixed),
                position.dateOpened.description, TextTable.money(position.carried),
                position.mark.map { TextTable.money(Money($0.price.fixed)) + ($0.date == asOf ? "" : " (\($0.date))") } ?? "no mark",
                position.unrealized.map(TextTable.money) ?? "-", term == .section1256 ? "1256 (marked at year end)" : term.rawValue,
            ]
        }
    }
}
