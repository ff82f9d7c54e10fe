import Foundation
import HarvestCore
import HarvestImport
import Testing

/// BlockFi samples from ../shared/data/exports/blockfi, read off the files by hand.
@Suite("BlockFi exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct BlockFiTests {
    @Test("trade report: bought and sold quantities; currencies written in lower case are the same assets")
    func trades() throws {
        let parsed = try ExportSamples.parse("blockfi/blockfi-trades.csv")
        #expect(parsed.briefs == ["2021-01-30 trade 42.23878904 LTC -> 6404.6 USDC"])
        #expect(parsed.rows[0].transaction.id == "dddddddd-ssdd-dddd-dsds-ddddsdssssdd")
    }

    @Test("transaction history: interest and bonuses are income; its one-sided Trade rows are left to the trade report")
    func transactions() throws {
        let parsed = try ExportSamples.parse("blockfi/blockfi-transactions.csv")
        #expect(parsed.briefs == [
            "2021-01-30 income:interest 0.56469042 ETH in",
            "2020-12-02 income:reward 0.00052383 BTC in",
            "2020-11-21 withdrawal 3 ETH out",
            "2020-09-16 income:reward 0.48385358 ETH in",
            "2020-07-20 deposit 1.11415058 BTC in",
        ])
        #expect(parsed.skipped == [
            "trades: import them from BlockFi's trade report (blockfi-trades), which has both sides of each": 2,
            "moves between BlockFi's interest account and wallet": 2,
        ])
    }

    @Test("an unknown transaction type or a bad time names the line and column")
    func errors() throws {
        let text = try ExportSamples.edited("blockfi/blockfi-transactions.csv", replacing: [
            4: "ETH,0.56469042,Interest Payout,2021-01-30 23:59:59",
            5: "BTC,0.00052383,Referral Bonus,2020-12-02 24:59:59",
        ])
        let errors = try ExportSamples.rejection(text: text, file: "blockfi.csv")
        #expect(errors.count == 2)
        #expect(errors.first?.hasPrefix("blockfi.csv:4: Transaction Type: unknown type 'Interest Payout' (known: ") == true)
        #expect(errors.last == "blockfi.csv:5: Confirmed At: '2020-12-02 24:59:59' is not a time in the layout 'yyyy-MM-dd HH:mm:ss' or 'iso'")
    }
}
