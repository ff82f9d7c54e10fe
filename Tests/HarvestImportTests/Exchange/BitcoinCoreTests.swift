import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Bitcoin Core's wallet export (File > Export in the GUI): the header as Bitcoin Core's own GUI tests expect it
/// (`"Confirmed","Date","Type","Label","Address","Amount (BTC)","ID"`, every cell quoted), the types as its transaction
/// records name them and BittyTax's qtwallet.py reads them. Times are the computer's local time, without an offset. A
/// send's amount has its fee inside it (the export gives no fee column). The rows are made up in that layout.
@Suite("Bitcoin Core")
struct BitcoinCoreTests {
    static let header = #""Confirmed","Date","Type","Label","Address","Amount (BTC)","ID""#

    @Test("receipts, a send, a payment to yourself (its fee), mining; an unconfirmed row is skipped; times are local")
    func export() throws {
        let text = [
            Self.header,
            #""true","2021-03-01T10:15:00","Received with","Exchange","bc1qexampleaddress0000000000000000000000","0.05000000","aa01""#,
            #""true","2021-03-05T18:00:00","Sent to","Cold storage","bc1qexampleaddress1111111111111111111111","-0.02001410","aa02""#,
            #""true","2021-03-06T08:00:00","Payment to yourself","","","-0.00000250","aa03""#,
            #""true","2021-03-07T08:00:00","Mined","Mining reward","bc1qexampleaddress2222222222222222222222","6.25000000","aa04""#,
            #""false","2021-03-08T08:00:00","Received with","","bc1qexampleaddress0000000000000000000000","0.01000000","aa05""#,
            "",
        ].joined(separator: "\n")
        let berlin = try #require(TaxTimeZone("Europe/Berlin"))
        let parsed = try parseRecognized(text, as: "bitcoin-core", zone: berlin)
        #expect(parsed.briefs == [
            "2021-03-01 deposit 0.05 BTC in",
            "2021-03-05 withdrawal 0.0200141 BTC out",
            "2021-03-06 fee fee 0.0000025 BTC",
            "2021-03-07 income:mining 6.25 BTC in",
        ])
        #expect(parsed.skipped == ["unconfirmed transactions": 1])
        let deposit = parsed.rows[0].transaction
        #expect(deposit.id == "aa01" && deposit.note == "Exchange" && deposit.wallet == Wallet("bitcoin-core"))
        // 10:15 in Berlin (UTC+1 in March) is 09:15 UTC.
        #expect(deposit.timestamp == InlineExport.instant("2021-03-01T09:15:00Z"))
    }

    @Test("a type Harvest does not know is refused with its name; an export in satoshis is not this layout")
    func refusals() throws {
        let other = Self.header + "\n" + #""true","2021-03-09T08:00:00","Other","","","-0.10000000","aa06""# + "\n"
        let errors = try refusal(other, as: "bitcoin-core")
        #expect(errors.count == 1 && errors[0].hasPrefix("export.csv:2: Type: unknown type 'Other'"))
        let sats = #""Confirmed","Date","Type","Label","Address","Amount (sat)","ID""# + "\n" + #""true","2021-03-01T10:15:00","Received with","","","5000000","aa07""#
        if case .found(let format, _) = ExchangeFormats.detect(sats + "\n") { #expect(format.name != "bitcoin-core") }
    }
}
