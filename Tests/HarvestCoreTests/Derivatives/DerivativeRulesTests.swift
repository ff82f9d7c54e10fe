import HarvestCore
import HarvestTestSupport
import Testing

/// Wash sales replaced by options (§1091(a)), straddle deferral (§1092), and Form 6781 for a year with open and closed
/// §1256 positions, against hand calculations.
struct DerivativeRulesTests {
    typealias D = Derivative

    static let spot = [
        Row.buy("b1", "2025-01-10", 1, "BTC", cost: 100_000),
        Row.sell("s1", "2025-04-07", 1, "BTC", proceeds: 80_000),
    ]

    @Test("§1091(a): buying a call within 30 days of a loss sale is a replacement: the loss moves into the call's basis")
    func washSaleByCall() throws {
        // 1 BTC bought for 100,000, sold 2025-04-07 for 80,000: loss 20,000. A call on 1 BTC bought 2025-04-20 (13 days
        // later) at 3,000: an option to acquire substantially identical property. With wash-sale-crypto on: the 20,000
        // is disallowed (Form 8949 code W, gain 80,000 − 100,000 + 20,000 = 0) and added to the call's basis: 23,000.
        // The call closed 2025-05-20 at 5,000: 5,000 − 23,000 = −18,000, short-term.
        let call = try D.option("BTC-27JUN25-90000-C", "BTC", .call, strike: 90_000, expiry: "2025-06-27")
        let events = [
            D.event("o1", .open, "2025-04-20", call.symbol, side: .long, contracts: 1, price: 3_000),
            D.event("c1", .close, "2025-05-20", call.symbol, contracts: 1, price: 5_000),
        ]
        let ledger = try DerivativeLedger.run(transactions: Self.spot, instruments: [call], events: events, prices: PriceBook(),
                                              asOf: day("2025-06-01"), washSale: WashSaleRule.unitedStates.includingCrypto)
        let sale = try #require(ledger.spot.disposals.first)
        #expect(sale.adjustment == 20_000 && sale.adjustmentCode == .washSale && sale.gain == 0)
        #expect(ledger.derivatives.gains.map(\.costBasis) == [23_000])
        #expect(ledger.derivatives.gains.map(\.gain) == [-18_000])
        #expect(ledger.washMatches.map(\.disallowed) == [20_000])

        // Without the crypto setting §1091 does not reach bitcoin held as property: nothing moves.
        let plain = try DerivativeLedger.run(transactions: Self.spot, instruments: [call], events: events, prices: PriceBook(),
                                             asOf: day("2025-06-01"))
        #expect(plain.spot.disposals.map(\.gain) == [-20_000] && plain.derivatives.gains.map(\.gain) == [2_000])
    }

    @Test("§1091(a): a call on half the units sold replaces half: half the loss is disallowed")
    func washSaleByCallPartial() throws {
        // The same sale; 0.5 call contracts (0.5 BTC) bought 2025-03-20, 18 days before the sale, at 3,000 a BTC:
        // 20,000 × 0.5 / 1 = 10,000 disallowed; the call's basis 1,500 + 10,000 = 11,500. A written put is no replacement.
        let call = try D.option("BTC-27JUN25-90000-C", "BTC", .call, strike: 90_000, expiry: "2025-06-27")
        let put = try D.option("BTC-27JUN25-70000-P", "BTC", .put, strike: 70_000, expiry: "2025-06-27")
        let events = [
            D.event("o1", .open, "2025-03-20", call.symbol, side: .long, contracts: "0.5", price: 3_000),
            D.event("o2", .open, "2025-04-08", put.symbol, side: .short, contracts: 1, price: 2_000),
        ]
        let ledger = try DerivativeLedger.run(transactions: Self.spot, instruments: [call, put], events: events, prices: PriceBook(),
                                              asOf: day("2025-05-01"), washSale: WashSaleRule.unitedStates.includingCrypto)
        #expect(ledger.spot.disposals.map(\.adjustment) == [10_000])
        #expect(ledger.spot.disposals.map(\.gain) == [-10_000])
        #expect(ledger.derivatives.positions.filter { $0.side == .long }.map(\.carried) == [11_500])
    }

    @Test("§1092: a short perpetual's loss is deferred by the unrecognized gain of the bitcoin it hedged, and allowed the year after")
    func straddleDeferred() throws {
        // 1 BTC held from 2024-02-01 (basis 40,000). Short 1 BTC-PERPETUAL 2025-03-03 at 60,000, bought back 2025-06-02 at
        // 70,000: loss 10,000 (short-term). At 2025-12-31 BTC closes at 90,000: the spot's unrecognized gain is 50,000 ≥
        // 10,000, so the whole loss is deferred (§1092(a)(1)(A)): 2025 derivative net 0.
        // The bitcoin is sold 2026-05-01 for 100,000; at 2026-12-31 nothing offsets: the 10,000 is sustained in 2026
        // (§1092(a)(1)(B)), short-term.
        let perpetual = try D.perpetual("BTC-PERPETUAL", "BTC")
        let events = [
            D.event("o1", .open, "2025-03-03", perpetual.symbol, side: .short, contracts: 1, price: 60_000),
            D.event("c1", .close, "2025-06-02", perpetual.symbol, contracts: 1, price: 70_000),
        ]
        let spot = [Row.buy("b1", "2024-02-01", 1, "BTC", cost: 40_000), Row.sell("s1", "2026-05-01", 1, "BTC", proceeds: 100_000)]
        let prices = D.prices(["BTC": [("2025-12-31", 90_000), ("2026-12-31", 95_000)]])
        let ledger = try DerivativeLedger.run(transactions: spot, instruments: [perpetual], events: events, prices: prices, asOf: day("2027-01-15"))
        #expect(ledger.straddles.map(\.year) == [2025, 2026])
        #expect(ledger.straddles.map(\.loss) == [10_000, 10_000])
        #expect(ledger.straddles.map(\.unrecognizedGain) == [50_000, 0])
        #expect(ledger.straddles.map(\.deferred) == [10_000, 0])
        #expect(ledger.derivatives.realized(year: 2025) == RealizedGains(shortTermGains: 10_000, shortTermLosses: -10_000))
        #expect(ledger.derivatives.realized(year: 2026) == RealizedGains(shortTermLosses: -10_000))
        // 2026 as Schedule D sees it: the spot gain 60,000 (long) and the carried loss (short).
        #expect(ledger.realized(year: 2026) == RealizedGains(shortTermLosses: -10_000, longTermGains: 60_000))
    }

    @Test("§1092: only the loss beyond the offsetting gain is allowed")
    func straddlePartlyDeferred() throws {
        // As above but BTC closes 2025 at 45,000: unrecognized gain 5,000; 5,000 deferred, 5,000 recognized in 2025.
        let perpetual = try D.perpetual("BTC-PERPETUAL", "BTC")
        let events = [
            D.event("o1", .open, "2025-03-03", perpetual.symbol, side: .short, contracts: 1, price: 60_000),
            D.event("c1", .close, "2025-06-02", perpetual.symbol, contracts: 1, price: 70_000),
        ]
        let spot = [Row.buy("b1", "2024-02-01", 1, "BTC", cost: 40_000)]
        let prices = D.prices(["BTC": [("2025-12-31", 45_000)]])
        let ledger = try DerivativeLedger.run(transactions: spot, instruments: [perpetual], events: events, prices: prices, asOf: day("2026-01-15"))
        let deferral = try #require(ledger.straddles.first)
        #expect(deferral.unrecognizedGain == 5_000 && deferral.deferred == 5_000 && deferral.recognized == 5_000)
        #expect(ledger.derivatives.realized(year: 2025).netShortTerm == -5_000)
    }

    @Test("§1092: a spot loss is deferred by the unrecognized gain of the long put that hedged it")
    func straddleSpotLegDeferred() throws {
        // 1 BTC bought 2025-01-10 for 100,000; a put on 1 BTC (strike 90,000) bought 2025-02-03 at 5,000; the bitcoin sold
        // 2025-04-07 for 80,000: loss 20,000, short-term. The put, still held, is marked 12,000 at 2025-12-31: unrecognized
        // gain 12,000 − 5,000 = 7,000. Deferred 7,000 (§1092(a)(1)(A)); recognized 20,000 − 7,000 = 13,000 in 2025.
        let put = try D.option("BTC-27MAR26-90000-P", "BTC", .put, strike: 90_000, expiry: "2026-03-27")
        let events = [D.event("o1", .open, "2025-02-03", put.symbol, side: .long, contracts: 1, price: 5_000)]
        let prices = D.prices([put.symbol: [("2025-12-31", 12_000)]])
        let ledger = try DerivativeLedger.run(transactions: Self.spot, instruments: [put], events: events, prices: prices, asOf: day("2026-01-15"))
        let deferral = try #require(ledger.straddles.first)
        #expect(deferral.leg == "BTC" && deferral.loss == 20_000 && deferral.unrecognizedGain == 7_000 && deferral.deferred == 7_000)
        #expect(ledger.realized(year: 2025).netShortTerm == -13_000)
        #expect(ledger.derivatives.realized(year: 2026).netShortTerm == -7_000)
    }

    @Test("Form 6781: a year with a §1256 future closed and another open at the year end")
    func form6781OpenAndClosed() throws {
        // MBTH25 (0.1 BTC): long 3 on 2024-12-02 at 96,000, fee 7.50: cost 28,807.50. Marked 2024-12-31 at 93,500:
        //   28,050 → 2024: −757.50. Closed 2025-02-14 at 98,000, fee 7.50: 29,392.50 − 28,050 = 1,342.50.
        // METF26 (0.1 ETH): short 5 on 2025-06-02 at 2,600, fee 5: credit 1,300 − 5 = 1,295. Marked 2025-12-31 at 3,000:
        //   1,500 → 2025: 1,295 − 1,500 = −205; still open.
        // 2025: line 1 rows (−205) and 1,342.50; line 2 (−205) and 1,342.50; line 3 = 1,137.50;
        //   line 8 = 40% = 455.00; line 9 = 1,137.50 − 455.00 = 682.50.
        let bitcoin = try D.future("MBTH25", "BTC", expiry: "2025-03-28", multiplier: "0.1")
        let ether = try D.future("METF26", "ETH", expiry: "2026-01-30", multiplier: "0.1")
        let events = [
            D.event("o1", .open, "2024-12-02", "MBTH25", side: .long, contracts: 3, price: 96_000, fee: "7.50"),
            D.event("c1", .close, "2025-02-14", "MBTH25", contracts: 3, price: 98_000, fee: "7.50"),
            D.event("o2", .open, "2025-06-02", "METF26", side: .short, contracts: 5, price: 2_600, fee: 5),
        ]
        let prices = D.prices(["MBTH25": [("2024-12-31", 93_500)], "METF26": [("2025-12-31", 3_000)]])
        let ledger = try DerivativeLedger.run(transactions: [], instruments: [bitcoin, ether], events: events, prices: prices,
                                              asOf: day("2026-01-10"))
        let form = ledger.form6781(year: 2025)
        #expect(form.rows.map(\.identification) == ["A: MBTH25", "A: METF26"])
        #expect(form.rows.map(\.gain) == ["1342.50", 0] && form.rows.map(\.loss) == [0, -205])
        #expect((form.totalLosses, form.totalGains, form.net) == (-205, "1342.50", "1137.50"))
        #expect((form.shortTerm, form.longTerm) == (455, "682.50"))
        #expect(form.openAtYearEnd.map(\.instrument.symbol) == ["METF26"] && form.openAtYearEnd.map(\.contracts) == [5])
        #expect(ledger.form6781(year: 2024).net == "-757.50")
        // The open short, carried at its mark after the year end: 1,500.
        #expect(ledger.derivatives.positions.map(\.carried) == [1_500])
    }
}
