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

/// Bitstamp's RFC 4180 layout (each quantity with its own currency column): the columns as BittyTax's bitstamp.py lists
/// them; the rows are made up in that layout. The older layout's XRP types (`Ripple deposit`, `Ripple payment`) are
/// BittyTax's too.
@Suite("Bitstamp RFC 4180 layout and XRP types")
struct BitstampOtherLayoutTests {
    static let header = "ID,Account,Type,Subtype,Datetime,Amount,Amount currency,Value,Value currency,Rate,Rate currency,Fee,Fee currency,Order ID"

    @Test("a buy and a sell with fees in the quote currency, a deposit, a staking reward")
    func rfc4180() throws {
        let text = [
            Self.header,
            "101,Main Account,Deposit,,2023-01-02T09:00:00Z,2.00000000,ETH,,,,,,,",
            "102,Main Account,Market,Buy,2023-01-03T10:30:00Z,0.01000000,BTC,167.50,EUR,16750.00,EUR,0.84,EUR,9001",
            "103,Main Account,Market,Sell,2023-01-04T11:00:00Z,1.00000000,ETH,1150.00,EUR,1150.00,EUR,5.75,EUR,9002",
            "104,Main Account,Staking reward,,2023-01-05T00:00:00Z,0.00150000,ETH,,,,,,,",
            "",
        ].joined(separator: "\n")
        let parsed = try parseRecognized(text, as: "bitstamp-rfc4180", base: "EUR")
        #expect(parsed.briefs == [
            "2023-01-02 deposit 2 ETH in",
            "2023-01-03 buy 167.5 EUR -> 0.01 BTC fee 0.84 EUR",
            "2023-01-04 sell 1 ETH -> 1150 EUR fee 5.75 EUR",
            "2023-01-05 income:staking 0.0015 ETH in",
        ])
        let buy = parsed.rows[1].transaction
        #expect(buy.id == "102" && buy.wallet == Wallet("bitstamp") && buy.timestamp == InlineExport.instant("2023-01-03T10:30:00Z"))
    }

    @Test("a type Harvest does not know is refused with its name")
    func unknownType() throws {
        let text = Self.header + "\n105,Main Account,Margin,Buy,2023-01-06T00:00:00Z,1,ETH,1000,EUR,1000,EUR,0,EUR,9003\n"
        let errors = try refusal(text, as: "bitstamp-rfc4180")
        #expect(errors.count == 1 && errors[0].hasPrefix("export.csv:2: Type/Subtype: unknown type 'Margin"))
    }

    @Test("the older layout's XRP deposit and payment")
    func ripple() throws {
        let text = """
            Type,Datetime,Account,Amount,Value,Rate,Fee,Sub Type
            Ripple deposit,"Mar. 1, 2018, 10:00 AM",Main Account,100.00000000 XRP,,,,
            Ripple payment,"Mar. 2, 2018, 10:00 AM",Main Account,40.00000000 XRP,,,,

            """
        let parsed = try parseRecognized(text, as: "bitstamp")
        #expect(parsed.briefs == ["2018-03-01 deposit 100 XRP in", "2018-03-02 withdrawal 40 XRP out"])
    }
}
