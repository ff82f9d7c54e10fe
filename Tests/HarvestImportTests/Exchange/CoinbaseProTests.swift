import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Coinbase Pro's sample from ../shared/data/exports/coinbase_pro, read off the file by hand.
@Suite("Coinbase Pro exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct CoinbaseProTests {
    @Test("account statement: match rows paired by Trade id with their fee row; deposits and withdrawals")
    func statement() throws {
        let parsed = try ExportSamples.parse("coinbase_pro/coinbasepro.csv")
        #expect(parsed.briefs == [
            "2018-03-15 deposit 2.5 BTC in",
            // Trade 10201: +52.3 ETH, -1.14732 BTC, and the fee row's -0.00344196 BTC.
            "2018-03-15 trade 1.14732 BTC -> 52.3 ETH fee 0.00344196 BTC",
            "2018-05-20 deposit 3 BTC in",
            "2018-05-20 trade 2.81205 BTC -> 155.741 ETH fee 0.00843615 BTC",
            "2018-08-10 withdrawal 208.041 ETH out",
            "2019-06-12 deposit 0.25 BTC in",
            "2019-06-13 deposit 5 BTC in",
            "2019-07-01 withdrawal 1.5 BTC out",
            // One order (c9d0e1f2-...) filled as three trades: one transaction per Trade id.
            "2019-07-01 trade 0.000531 BTC -> 0.015 ETH fee 0.00000159 BTC",
            "2019-07-01 trade 0.000885 BTC -> 0.025 ETH fee 0.00000266 BTC",
            "2019-07-01 trade 0.653286 BTC -> 18.46 ETH fee 0.00195986 BTC",
        ])
        #expect(parsed.rows.map(\.transaction.id).prefix(2) == ["a1b2c3d4-5678-9abc-def0-111111111111", "10201"])
    }

    @Test("half a trade, or an unknown type, names the line")
    func errors() throws {
        let unknown = try ExportSamples.edited("coinbase_pro/coinbasepro.csv", replacing: [
            2: "default,rebate,2018-03-15T10:42:31.215Z,2.5,2.5,BTC,a1b2c3d4-5678-9abc-def0-111111111111,,",
        ])
        #expect(try ExportSamples.rejection(text: unknown, file: "cbpro.csv") == ["cbpro.csv:2: Type: unknown type 'rebate' (known: deposit, fee, match, withdrawal)"])
        // Without line 4 (the BTC side of trade 10201) only the ETH and the fee are left.
        let half = try ExportSamples.edited("coinbase_pro/coinbasepro.csv", dropping: [4])
        #expect(try ExportSamples.rejection(text: half, file: "cbpro.csv")
            == ["cbpro.csv:3: Type: 'match' is a trade but only one side is in the file: it moves 52.3 ETH in (rows are paired by Trade id)"])
    }
}
