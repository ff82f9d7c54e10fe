import HarvestCore
import HarvestImport
import Testing

/// The derivative extension of the Harvest CSV: derivative rows read apart, spot rows read as before with their own
/// line numbers, bad cells named by file, line and column.
struct HarvestDerivativesCSVTests {
    static let header = HarvestCSV.columns.joined(separator: ",") + "," + HarvestDerivativesCSV.columns.joined(separator: ",")

    @Test("a mixed file: the spot rows as the Harvest CSV reads them, the instruments and events of the derivative rows")
    func mixed() throws {
        // Line 2 is a spot buy; lines 3-5 define and trade an option; line 6 is a funding payment on a perpetual.
        let text = """
            \(Self.header)
            2025-01-02T10:00:00Z,buy,cb,40000,USD,1,BTC,,,,,b1,first,,,,,,,,,,,,,
            2025-03-03T12:00:00Z,open,deribit,,,,,10,USD,,,o1,,BTC-27JUN25-60000-C,option,BTC,2025-06-27,60000,call,1,USD,no,long,2,4000,
            2025-06-27,exercise,deribit,,,,,20,USD,,,x1,,BTC-27JUN25-60000-C,,,,,,,,,,2,,
            2025-04-01T00:00:00Z,open,deribit,,,,,,,,,p1,,BTC-PERPETUAL,perpetual,BTC,,,,1,USD,,short,"0.5",60000,
            2025-04-02T08:00:00Z,funding,deribit,,,,,,,,,f1,,BTC-PERPETUAL,,,,,,,,,,,,-12.50
            2025-05-01T10:00:00Z,sell,cb,0.5,BTC,30000,USD,,,,,s1,"a, quoted note",,,,,,,,,,,,,

            """
        let split = try HarvestDerivativesCSV.split(text, file: "d.csv")
        let spot = try HarvestCSV.parse(try #require(split.spotText), file: "d.csv")
        #expect(spot.rows.map(\.transaction.id) == ["b1", "s1"])
        #expect(spot.rows.map { $0.transaction.source?.line } == [2, 7])
        #expect(spot.rows[1].transaction.note == "a, quoted note")
        let derivatives = split.derivatives
        #expect(derivatives.instruments.map(\.symbol) == ["BTC-27JUN25-60000-C", "BTC-PERPETUAL"])
        let option = derivatives.instruments[0]
        #expect(option.kind == .option && option.strike == 60_000 && option.right == .call && option.expiry == CivilDate(iso: "2025-06-27"))
        #expect(!option.section1256 && option.multiplier == 1 && option.settlementAsset == .usd)
        let events = derivatives.events.map(\.event)
        #expect(events.map(\.kind) == [.open, .exercise, .open, .funding])
        #expect(events[0].side == .long && events[0].contracts == 2 && events[0].price == 4_000 && events[0].fee == 10)
        #expect(events[2].contracts == "0.5" && events[3].amount == "-12.50")
        #expect(events.map { $0.source?.line } == [3, 4, 5, 6])
        #expect(derivatives.events[1].dateOnly)
    }

    @Test("a file with no derivative column is not one: hasDerivativeColumns is false")
    func plainFile() {
        #expect(!HarvestDerivativesCSV.hasDerivativeColumns(HarvestCSV.columns.joined(separator: ",") + "\n"))
        #expect(HarvestDerivativesCSV.hasDerivativeColumns(Self.header + "\n"))
        // A Kraken ledger has `type` and `amount`, and is no Harvest CSV.
        #expect(!HarvestDerivativesCSV.hasDerivativeColumns("txid,refid,time,type,subtype,aclass,asset,amount,fee,balance\n"))
        #expect(!HarvestDerivativesCSV.hasDerivativeColumns("timestamp,type,instrument,side,qty\n"))
    }

    @Test("bad derivative cells are named by file, line and column; derivative columns on a spot row are refused")
    func errors() throws {
        let text = """
            \(Self.header)
            2025-03-03T12:00:00Z,open,deribit,,,,,,,,,o1,,X-C,option,BTC,2025-06-27,,call,1,USD,,long,2,4000,
            2025-03-03T12:00:00Z,open,deribit,,,,,,,,,o2,,BTC-PERPETUAL,perpetual,BTC,,,,1,USD,,sideways,2,abc,
            2025-03-04T12:00:00Z,funding,deribit,,,,,,,,,f1,,BTC-PERPETUAL,,,,,,,,,,,,
            2025-01-02T10:00:00Z,buy,cb,40000,USD,1,BTC,,,,,b1,,,,,,,,,,,,3,,

            """
        #expect {
            try HarvestDerivativesCSV.split(text, file: "d.csv")
        } throws: { error in
            let messages = (error as? ImportFailure)?.errors.map(\.description) ?? []
            return messages == [
                "d.csv:2: instrument_kind: instrument X-C: an option needs a positive strike",
                "d.csv:3: side: 'sideways' is not a side (long or short)",
                "d.csv:3: price: 'abc' is not a decimal number",
                "d.csv:4: amount: a funding row needs an amount (positive received, negative paid)",
                "d.csv:5: contracts: is only for derivative rows (open, close, expire, exercise, assign, funding, realized, settlement)",
            ]
        }
    }
}
