import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Bitstamp's sample from ../shared/data/exports/bitstamp, read off the file by hand.
@Suite("Bitstamp exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct BitstampTests {
    @Test("quantity and asset share a cell; a Market row with Sub Type Sell is a sale at the Value")
    func sample() throws {
        let parsed = try ExportSamples.parse("bitstamp/bitstamp.csv", base: "EUR")
        #expect(parsed.briefs == [
            "2022-01-28 deposit 2 ETH in",
            // "Jan. 28, 2022, 12:31 AM": 1.00000000 ETH for 2214.01 EUR, fee 10.87005 EUR.
            "2022-01-28 sell 1 ETH -> 2214.01 EUR fee 10.87005 EUR value 2214.01",
        ])
        // The EUR withdrawal (and its 3.00 EUR fee) is fiat.
        #expect(parsed.skipped == ["fiat withdrawals (fiat is not tracked)": 1])
    }

    @Test("a cell without its asset, or an unknown sub type, names the line and column")
    func errors() throws {
        let text = try ExportSamples.edited("bitstamp/bitstamp.csv", replacing: [
            2: #"Deposit,"Jan. 28, 2022, 12:13 AM",Main Account,2.00000000,,,,"#,
            3: #"Market,"Jan. 28, 2022, 12:31 AM",Main Account,1.00000000 ETH,2214.01 EUR,2214.01 EUR,10.87005 EUR,Swap"#,
        ])
        let errors = try ExportSamples.rejection(text: text, file: "bitstamp.csv")
        #expect(errors.count == 2)
        #expect(errors.first == "bitstamp.csv:2: Amount: '2.00000000' names no asset (expected a quantity and an asset, like '1.5 ETH')")
        #expect(errors.last?.hasPrefix("bitstamp.csv:3: Type/Sub Type: unknown type 'Market/Swap' (known: ") == true)
    }
}
