import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Uphold's sample from ../shared/data/exports/uphold, read off the file by hand.
@Suite("Uphold exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct UpholdTests {
    @Test("an out row in another currency converts, then sends; in rows arrive, then convert")
    func sample() throws {
        let parsed = try ExportSamples.parse("uphold/uphold-transaction-history.csv")
        #expect(parsed.briefs == [
            // 0.00714216 BTC became 314.642101 XRP (fee 0.0000021 BTC) sent to the XRP ledger.
            "2020-05-26 trade 0.00714216 BTC -> 314.642101 XRP fee 0.0000021 BTC",
            "2020-05-26 withdrawal 314.642101 XRP out",
            "2020-05-20 trade 133.362002 NANO -> 1.26155562 LTC fee 0.111123 NANO",
            "2020-05-20 withdrawal 1.26155562 LTC out",
            // transfer: BTC into GBP inside Uphold.
            "2020-03-29 sell 0.00421 BTC -> 24.65 GBP",
            // in from a credit card: 25 GBP (fiat, not tracked) bought the BTC.
            "2020-02-11 buy 25 GBP -> 0.00331961 BTC",
            // in, BAT to BAT: only the deposit (the conversion of BAT into BAT is nothing).
            "2019-12-19 deposit 5.15 BAT in",
        ])
        // "Tue May 26 2020 18:06:28 GMT+0000"
        let expected = try #require(Timestamp.parse("2020-05-26T18:06:28Z", zone: .utc))
        #expect(parsed.rows[0].transaction.timestamp == expected.instant)
        // The GBP sent out (line 4) and the GBP from the card (line 6) are fiat.
        #expect(parsed.skipped == ["fiat withdrawals (fiat is not tracked)": 1, "fiat deposits (fiat is not tracked)": 1])
    }

    @Test("an unknown status or type names the line and column")
    func errors() throws {
        let text = try ExportSamples.edited("uphold/uphold-transaction-history.csv", replacing: [
            2: "Tue May 26 2020 18:06:28 GMT+0000,xrp-ledger,314.642101,XRP,0.0000021,BTC,1a2b3c4d-5e6f-1a2b-3c4d-5e6f1a2b3c4d,uphold,0.00714216,BTC,held,out",
            3: "Wed May 20 2020 02:00:26 GMT+0000,litecoin,1.26155562,LTC,0.111123,NANO,1a2b3c4d-5e6f-1a2b-3c4d-5e6f1a2b3c4d,uphold,133.362002,NANO,completed,swap",
        ])
        #expect(try ExportSamples.rejection(text: text, file: "uphold.csv") == [
            "uphold.csv:2: Status: unknown status 'held' (imported: completed; skipped: pending, processing, failed, cancelled, canceled, rejected)",
            "uphold.csv:3: Type: unknown type 'swap' (known: in, out, transfer)",
        ])
    }
}
