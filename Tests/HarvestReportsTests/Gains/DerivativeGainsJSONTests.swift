import Foundation
import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest gains --format json` with derivative rows (issue 17): a `"derivatives"` array after the keys the document
/// always had, exact amounts.
struct DerivativeGainsJSONTests {
    @Test("a call bought and sold at a loss: its row in the JSON with the exact amounts")
    func callClosedAtALoss() throws {
        // 2 BTC calls (multiplier 1) bought 2025-03-03 at a premium of 100.125, fee 1.50: basis 2 × 100.125 + 1.50 = 201.75.
        // Sold 2025-05-01 at 60.0625, fee 1.50: proceeds 2 × 60.0625 − 1.50 = 118.625. Loss 83.125, short-term.
        // A perpetual's funding paid (conservative reading): 12.5 listed, not deducted.
        let call = try Instrument(symbol: "BTC-27JUN25-60000-C", kind: .option, underlying: Asset("BTC"), expiry: day("2025-06-27"),
                                  strike: 60_000, right: .call, settlementAsset: .usd)
        let perpetual = try Instrument(symbol: "BTC-PERPETUAL", kind: .perpetual, underlying: Asset("BTC"), settlementAsset: .usd)
        func event(_ id: String, _ kind: DerivativeEventKind, _ date: String, _ instrument: Instrument, side: PositionSide? = nil,
                   contracts: Quantity? = nil, price: Price? = nil, fee: Money = .zero, amount: Money? = nil) -> DerivativeEvent {
            DerivativeEvent(id: id, timestamp: Instant(date: day(date)), date: day(date), wallet: Wallet("deribit"), instrument: instrument.symbol,
                            kind: kind, side: side, contracts: contracts, price: price, fee: fee, amount: amount)
        }
        let book = try DerivativeBook.run(instruments: [call, perpetual], events: [
            event("o1", .open, "2025-03-03", call, side: .long, contracts: 2, price: "100.125", fee: "1.50"),
            event("p1", .open, "2025-03-04", perpetual, side: .long, contracts: 1, price: 90_000),
            event("f1", .funding, "2025-04-02", perpetual, amount: "-12.5"),
            event("c1", .close, "2025-05-01", call, contracts: 2, price: "60.0625", fee: "1.50"),
        ], asOf: day("2025-06-30"))
        let json = GainsJSON.write([], summaries: [], warnings: [],
                                   derivatives: DerivativeGainsJSONRows(gains: book.gains, fundingPaid: book.fundingPaid))
        // The keys the document always had come first, unchanged.
        #expect(json.hasPrefix(#"{"disposals":[],"years":[],"warnings":[],"derivatives":[{"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let rows = try #require(object["derivatives"] as? [[String: Any]])
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row["instrument"] as? String == "BTC-27JUN25-60000-C" && row["underlying"] as? String == "BTC")
        #expect(row["side"] as? String == "long" && row["contracts"] as? String == "2" && row["kind"] as? String == "close")
        #expect(row["date_opened"] as? String == "2025-03-03" && row["date_closed"] as? String == "2025-05-01")
        #expect((row["proceeds"] as? String).flatMap { Fixed($0) } == Fixed("118.625"))
        #expect((row["cost_basis"] as? String).flatMap { Fixed($0) } == Fixed("201.75"))
        #expect((row["gain"] as? String).flatMap { Fixed($0) } == Fixed("-83.125"))
        #expect(row["term"] as? String == "short" && row["tax_year"] as? Int == 2025)
        #expect(row["open_event_id"] as? String == "o1" && row["event_id"] as? String == "c1")
        let paid = try #require(object["derivative_funding_paid"] as? [[String: Any]])
        #expect(paid.count == 1 && (paid.first?["amount"] as? String).flatMap { Fixed($0) } == Fixed("12.5"))
        // Without derivatives the document is as it always was.
        #expect(GainsJSON.write([], summaries: [], warnings: []) == #"{"disposals":[],"years":[],"warnings":[]}"# + "\n")
    }
}

typealias DerivativeGainsJSONRows = DerivativeGainsJSON.Rows
