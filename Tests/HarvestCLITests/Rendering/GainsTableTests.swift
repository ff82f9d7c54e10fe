import Foundation
import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

@testable import HarvestCLI

/// `harvest gains` as a table: written row by row (`TextTable.write`) exactly as the table kept in memory was
/// (`WholeTable`, the code as it was), and on a terminal cut short past `TableRows.terminalLimit` rows with a note.
@Suite("Gains table, streamed")
struct GainsTableTests {
    /// Sales in wallets with names wider in bytes than on screen, with and without fees, a wash sale (code W), an edited
    /// row, and a sale of more than was held (assumed zero basis, `*`).
    static func disposals(fees: Bool) throws -> (disposals: [Disposal], summaries: [YearSummary]) {
        var rows: [Transaction] = []
        let wallets = ["A", "Trésor €", "Coinbase, Inc.", "e\u{301}"]
        for index in 0..<40 {
            let wallet = wallets[index % wallets.count]
            let date = CivilDate(year: 2023 + index / 20, month: 1 + index % 12, day: 1 + index % 28)!.description
            rows.append(Row.buy("b\(index)", date, Quantity(Fixed(raw: Int128(1_000_000_000_000_000 + index * 98_765_432_101))), "BTC",
                                cost: Money(Fixed(raw: Int128(index + 1) * 123_456_789_012_345_678_901)), wallet: wallet, hour: 8))
            if index % 2 == 1 {
                var sale = Row.sell("s\(index)", date, "1.5", "BTC", proceeds: Money(Fixed(raw: Int128(index) * 99_999_999_999_999_999_999)),
                                    fee: fees && index % 4 == 1 ? usd("2.50") : nil, wallet: wallets[(index - 1) % wallets.count], hour: 20)
                sale.edited = index == 7
                rows.append(sale)
            }
        }
        rows.append(Row.sell("over", "2024-12-30", 100, "BTC", proceeds: 10, wallet: "A"))
        rows += [Row.buy("w1", "2024-01-02", 100, "IBIT", cost: 1000), Row.sell("w2", "2024-03-01", 100, "IBIT", proceeds: 750),
                 Row.buy("w3", "2024-03-15", 100, "IBIT", cost: 800)]
        var policy = AccountingPolicy(allowMissingBasis: true)
        policy.washSale = WashSaleRule.unitedStates
        policy.assetClasses = AssetClasses([Asset("IBIT"): .security])
        let result = try LotEngine.run(rows, policy: policy, jurisdiction: .us)
        let summaries = YearSummaries.compute(
            disposals: result.disposals, income: result.income, jurisdiction: .us, filing: .single, carryforward: .none, from: nil,
            through: nil, band: .upper)
        return (result.disposals, summaries)
    }

    @Test("every row written as the table in memory wrote it, with and without the sale fee column", arguments: [false, true])
    func wholeTable(fees: Bool) throws {
        let (disposals, summaries) = try Self.disposals(fees: fees)
        #expect(disposals.count > 20)
        #expect(disposals.contains { $0.adjustmentCode != .none } && disposals.contains { $0.missingBasis })
        #expect(disposals.contains { $0.edited })
        #expect(disposals.contains { !$0.sellingCost.isZero } == fees)
        let settings = Settings()
        #expect(GainsText.render(disposals, summaries: summaries, settings: settings)
            == WholeTable.gains(disposals, summaries: summaries, settings: settings))
        #expect(GainsText.render([], summaries: summaries, settings: settings)
            == WholeTable.gains([], summaries: summaries, settings: settings))
    }

    @Test("past the limit, the first rows, a note with how many were left out and how to see them, then the summaries whole")
    func cutShort() throws {
        let (disposals, summaries) = try Self.disposals(fees: false)
        let settings = Settings()
        let text = GainsText.render(disposals, summaries: summaries, settings: settings, rows: TableRows(limit: 5))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The header, the rule, five rows, the note.
        #expect(lines[2...6].map { $0.prefix(10) } == disposals.prefix(5).map { Substring($0.dateDisposed.description) })
        #expect(lines[7] == "... \(disposals.count - 5) more rows not shown (the first 5 of \(disposals.count) are above). `--all` shows every "
            + "row here, `--format csv` writes them for a spreadsheet, `--year Y` keeps one year.")
        let whole = GainsText.render(disposals, summaries: summaries, settings: settings)
        let summaryText = whole[whole.range(of: "\nTax year")!.lowerBound...]
        #expect(text.hasSuffix(summaryText), "the year summaries are written whole")
        #expect(!text.contains("s39"), "the later rows are left out")
        // At or under the limit, nothing is left out and there is no note.
        #expect(GainsText.render(disposals, summaries: summaries, settings: settings, rows: TableRows(limit: disposals.count)) == whole)
    }

    @Test("the limit applies on a terminal only, and not with --all")
    func limitOnTerminal() {
        #expect(TableRows.terminalLimit >= 1000)
        #expect(TableRows.all.shown(of: 1_000_000) == 1_000_000)
        #expect(TableRows(limit: 2000).shown(of: 1_000_000) == 2000)
        #expect(TableRows(limit: 2000).note(rows: 1_234_567, noun: "rows", seeAll: "See.")
            == "... 1,232,567 more rows not shown (the first 2,000 of 1,234,567 are above). See.\n")
        #expect(TableRows(limit: 2000).note(rows: 2000, noun: "rows", seeAll: "See.") == nil)
        // `swift test` runs with stdout to a pipe or file, not a terminal: every row.
        #expect(TableRows.forStandardOutput(all: false).limit == (StreamedOutput.isTerminal ? TableRows.terminalLimit : nil))
        #expect(TableRows.forStandardOutput(all: true).limit == nil)
    }
}

/// The gains table as it was written before it streamed (main at fe3690f: `GainsText.render` over `TextTable.render`, every
/// row kept as cells, each line a `String`). Kept here, unchanged, as the reference.
enum WholeTable {
    static func gains(_ disposals: [Disposal], summaries: [YearSummary], settings: Settings) -> String {
        let fees = disposals.contains { !$0.sellingCost.isZero }
        var headers = ["Sold", "Asset", "Quantity", "Acquired", "Wallet", "Proceeds", "Basis", "Adj", "Adjustment", "Gain", "Term", "Lot tx",
                       "Sale tx"]
        if fees { headers.insert("Sale fee", at: 6) }
        let leftAligned: Set<Int> = fees ? [0, 1, 3, 4, 8, 11, 12, 13] : [0, 1, 3, 4, 7, 10, 11, 12]
        var rows: [[String]] = []
        for disposal in disposals {
            let row = PrintedDisposal(disposal)
            var cells = [
                disposal.dateDisposed.description,
                disposal.asset.symbol + EditMarks.suffix(missingBasis: disposal.missingBasis, edited: disposal.edited),
                disposal.quantity.description, disposal.dateAcquired.description, disposal.wallet.name,
                row.proceeds.groupedCents, row.costBasis.groupedCents, disposal.adjustmentCode.rawValue,
                disposal.adjustmentCode == .none ? "" : row.adjustment.groupedCents, row.gain.groupedCents, disposal.term.rawValue,
                disposal.lotTransactionID + (disposal.matching == .lot || disposal.matching == .pool ? "" : " (\(disposal.matching.rawValue))"),
                disposal.disposalTransactionID + (disposal.kind == .sale || disposal.kind == .trade ? "" : " (\(disposal.kind.rawValue))"),
            ]
            if fees { cells.insert(row.sellingCost.isZero ? "" : row.sellingCost.groupedCents, at: 6) }
            rows.append(cells)
        }
        var out = disposals.isEmpty ? "No disposals.\n" : table(headers: headers, rows: rows, leftAligned: leftAligned)
        if fees {
            out += "Proceeds are net of the sale fee: gross proceeds are proceeds + sale fee.\n"
        }
        out += EditMarks.legend(missingBasis: disposals.contains(where: \.missingBasis), edited: disposals.contains(where: \.edited))
        for summary in summaries { out += "\n" + summary.presentation.text(jurisdiction: settings.jurisdiction, filing: settings.filing) }
        return out
    }

    static func table(headers: [String], rows: [[String]], leftAligned: Set<Int>) -> String {
        var widths = headers.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: max(0, widths[index] - cell.count))
                return leftAligned.contains(index) ? cell + padding : padding + cell
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var out = line(headers) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}
