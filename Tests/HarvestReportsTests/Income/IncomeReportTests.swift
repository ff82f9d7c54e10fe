import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest report income`: the year's income events at fair value when received, totals of the printed rows.
@Suite("Income report")
struct IncomeReportTests {
    /// 2024, US. By hand:
    /// - 0.5 ETH staking on 03/01 worth 1,500.004 → 1,500.00; 0.25 ETH staking on 06/01 worth 750.005 → 750.01 (half away
    ///   from zero). Staking total 2,250.01 (the printed rows; the exact sum 2,250.009 also prints 2,250.01).
    /// - 100 ARB airdrop on 04/01 worth 120 → 120.00.
    /// - 0.001 BTC mining on 05/01 worth 60.125 → 60.13.
    /// - Year total 2,250.01 + 120.00 + 60.13 = 2,430.14. A 2023 staking reward is not in 2024.
    static func history() throws -> Books {
        try Books([
            Row.income("i0", "2023-12-31", "0.1", "ETH", value: 230),
            Row.income("i1", "2024-03-01", "0.5", "ETH", value: "1500.004"),
            Row.income("i2", "2024-04-01", 100, "ARB", value: 120, type: .airdrop),
            Row.income("i3", "2024-05-01", "0.001", "BTC", value: "60.125", type: .mining, wallet: "Miner"),
            Row.income("i4", "2024-06-01", "0.25", "ETH", value: "750.005"),
        ], .us)
    }

    @Test("rows in date order with the US line, a total per type and for the year")
    func csv() throws {
        let books = try Self.history()
        let source: (IncomeRecord) -> HarvestCore.SourceLocation? = { $0.transactionID == "i2" ? HarvestCore.SourceLocation(file: "drops.csv", line: 7) : nil }
        var totals = IncomeReport.Totals()
        let text = TextWriter.text { totals = IncomeReport.csv(year: 2024, income: books.result.income, jurisdiction: .us, source: source, to: $0) }
        #expect(text == """
            date,type,asset,quantity,value,wallet,us_line,transaction_id,source
            2024-03-01,staking,ETH,0.5,1500.00,A,Schedule 1 line 8v (Schedule C if a trade or business),i1,
            2024-04-01,airdrop,ARB,100,120.00,A,Schedule 1 line 8v,i2,drops.csv:7
            2024-05-01,mining,BTC,0.001,60.13,Miner,Schedule 1 line 8v (Schedule C if a trade or business),i3,
            2024-06-01,staking,ETH,0.25,750.01,A,Schedule 1 line 8v (Schedule C if a trade or business),i4,
            Total,airdrop,,,120.00,,Schedule 1 line 8v,,
            Total,mining,,,60.13,,Schedule 1 line 8v (Schedule C if a trade or business),,
            Total,staking,,,2250.01,,Schedule 1 line 8v (Schedule C if a trade or business),,
            Total,all (4 rows),,,2430.14,,,,

            """)
        #expect(totals.total == "2430.14" && totals.rows == 4)
        // The year summary's income by type agrees to the cent with the printed totals here.
        let summary = try books.summary(2024)
        #expect(summary.incomeByType[.staking].map(ReportRounding.cents) == totals.byType[.staking])
    }

    @Test("JSON: exact and printed values, totals, parseable")
    func json() throws {
        let books = try Self.history()
        let text = TextWriter.text { IncomeReport.json(year: 2024, income: books.result.income, jurisdiction: .us, source: { _ in nil }, to: $0) }
        #expect(text.hasPrefix("{\"year\":2024,\"currency\":\"USD\",\"income\":[{\"date\":\"2024-03-01\",\"type\":\"staking\""))
        #expect(text.contains("\"value\":\"750.01\",\"exact_value\":\"750.005\""))
        #expect(text.hasSuffix("\"totals\":{\"airdrop\":\"120\",\"mining\":\"60.13\",\"staking\":\"2250.01\"},\"total\":\"2430.14\"}\n"))
    }

    @Test("another jurisdiction's year: UK 2024 is 6 April 2024 to 5 April 2025, and no US line")
    func ukYear() throws {
        let books = try Books([
            Row.income("a", "2024-04-05", 1, "ETH", value: 100),
            Row.income("b", "2024-04-06", 1, "ETH", value: 200),
            Row.income("c", "2025-04-05", 1, "ETH", value: 300),
        ], .unitedKingdom)
        let text = TextWriter.text { IncomeReport.csv(year: 2024, income: books.result.income, jurisdiction: .unitedKingdom, source: { _ in nil }, to: $0) }
        let lines = text.split(separator: "\n")
        #expect(lines.count == 5)  // header, b, c, the staking total, the year's total
        #expect(lines[1].hasPrefix("2024-04-06,staking,ETH,1,200.00,A,,b,"))
        #expect(lines.last == "Total,all (2 rows),,,500.00,,,,")
    }
}
