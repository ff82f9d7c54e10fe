import HarvestCore
import HarvestTestSupport
import Testing

/// The derivatives book against hand calculations (each written out beside its test): §1256 marks, §1234 options,
/// perpetual swaps with funding.
struct DerivativeBookTests {
    typealias D = Derivative

    @Test("§1256: a future marked at year end, 60/40 in both years, the mark the next year's basis")
    func section1256AcrossTwoYears() throws {
        // CME micro bitcoin future, 0.1 BTC a contract. Long 2 on 2024-11-04 at 70,000, fee 5:
        //   cost = 70,000 × 0.2 + 5 = 14,005.
        // Marked 2024-12-31 at 93,000: value 18,600, 2024 gain = 18,600 − 14,005 = 4,595
        //   → Form 6781 line 8 = 40% = 1,838 (short), line 9 = 2,757 (long), though held under two months.
        // Closed 2025-01-10 at 97,000, fee 5: proceeds = 19,400 − 5 = 19,395; basis is the mark 18,600; 2025 gain 795
        //   → line 8 = 318, line 9 = 477.
        let future = try D.future("MBTF25", "BTC", expiry: "2025-01-31", multiplier: "0.1")
        let events = [
            D.event("o1", .open, "2024-11-04", "MBTF25", side: .long, contracts: 2, price: 70_000, fee: 5),
            D.event("c1", .close, "2025-01-10", "MBTF25", contracts: 2, price: 97_000, fee: 5),
        ]
        let prices = D.prices(["MBTF25": [("2024-12-31", 93_000)]])
        let result = try DerivativeBook.run(instruments: [future], events: events, prices: prices, asOf: day("2025-06-30"))
        #expect(result.gains.map(\.kind) == [.yearEndMark, .close])
        #expect(result.gains.map(\.gain) == [4_595, 795])
        #expect(result.gains.map(\.taxYear) == [2024, 2025])
        #expect(result.gains.allSatisfy { $0.term == .section1256 })
        #expect(result.gains[1].costBasis == 18_600)
        let form2024 = Form6781(year: 2024, gains: result.gains), form2025 = Form6781(year: 2025, gains: result.gains)
        #expect((form2024.net, form2024.shortTerm, form2024.longTerm) == (4_595, 1_838, 2_757))
        #expect((form2025.net, form2025.shortTerm, form2025.longTerm) == (795, 318, 477))
        #expect(result.realized(year: 2024) == RealizedGains(shortTermGains: 1_838, longTermGains: 2_757))
        #expect(result.positions.isEmpty)
    }

    @Test("§1256: a position open at a year end with no mark is an error naming the instrument")
    func missingMark() throws {
        let future = try D.future("MBTF25", "BTC", expiry: "2025-01-31", multiplier: "0.1")
        let events = [D.event("o1", .open, "2024-11-04", "MBTF25", side: .long, contracts: 2, price: 70_000)]
        #expect(throws: DerivativeError.missingYearEndMark(instrument: "MBTF25", date: day("2024-12-31"), contracts: 2)) {
            try DerivativeBook.run(instruments: [future], events: events, asOf: day("2025-01-15"))
        }
        // A settlement row on the last trading day (2024-12-27, within the tolerance) is the mark instead.
        let marked = events + [D.event("s1", .settlement, "2024-12-27", "MBTF25", price: 94_000)]
        let result = try DerivativeBook.run(instruments: [future], events: marked, asOf: day("2025-01-15"))
        // 94,000 × 0.2 − 70,000 × 0.2 = 4,800.
        #expect(result.gains.map(\.gain) == [4_800])
    }

    @Test("§1234: a long call exercised puts its premium into the basis of the bitcoin bought")
    func longCallExercised() throws {
        // 2 calls (1 BTC each), strike 60,000, bought 2025-03-03 at 4,000 a BTC, fee 10: premium paid 8,010.
        // Exercised 2025-06-27, fee 20: 2 BTC bought for 2 × 60,000 + 8,010 + 20 = 128,030 (Rev. Rul. 78-182).
        // Sold 2025-08-01 for 140,000: gain 140,000 − 128,030 = 11,970, short-term (held from 2025-06-27).
        let call = try D.option("BTC-27JUN25-60000-C", "BTC", .call, strike: 60_000, expiry: "2025-06-27")
        let events = [
            D.event("o1", .open, "2025-03-03", call.symbol, side: .long, contracts: 2, price: 4_000, fee: 10),
            D.event("x1", .exercise, "2025-06-27", call.symbol, contracts: 2, fee: 20),
        ]
        let ledger = try DerivativeLedger.run(
            transactions: [Row.sell("s1", "2025-08-01", 2, "BTC", proceeds: 140_000)], instruments: [call], events: events,
            prices: PriceBook(), asOf: day("2025-09-01"))
        #expect(ledger.derivatives.gains.isEmpty)
        #expect(ledger.derivatives.spotTransactions.map(\.kind) == [.buy])
        let sale = try #require(ledger.spot.disposals.first)
        #expect(sale.costBasis == 128_030 && sale.gain == 11_970 && sale.term == .short && sale.dateAcquired == day("2025-06-27"))
    }

    @Test("§1234: a written put assigned takes its premium off the basis of the ether bought")
    func writtenPutAssigned() throws {
        // 10 puts (1 ETH each), strike 3,000, written 2025-01-10 at 150, fee 5: credit 1,500 − 5 = 1,495; nothing realized.
        // Assigned 2025-03-28: 10 ETH bought for 30,000 − 1,495 = 28,505.
        let put = try D.option("ETH-28MAR25-3000-P", "ETH", .put, strike: 3_000, expiry: "2025-03-28")
        let events = [
            D.event("o1", .open, "2025-01-10", put.symbol, side: .short, contracts: 10, price: 150, fee: 5),
            D.event("a1", .assign, "2025-03-28", put.symbol, contracts: 10),
        ]
        let ledger = try DerivativeLedger.run(transactions: [], instruments: [put], events: events, prices: PriceBook(), asOf: day("2025-04-01"))
        #expect(ledger.derivatives.gains.isEmpty)
        let lot = try #require(ledger.spot.openLots.first)
        #expect(lot.asset == Asset("ETH") && lot.quantity == 10 && lot.costBasis == 28_505 && lot.dateAcquired == day("2025-03-28"))
    }

    @Test("§1234: options expiring worthless: the holder's loss by holding period, the writer's gain short-term")
    func expiringWorthless() throws {
        // Bought 1 put 2024-01-15 at 2,500, fee 3: cost 2,503. Expires 2025-03-28 worthless: loss 2,503, long-term
        // (more than a year: §1234(a)(2) deems the sale on the expiry day).
        // Wrote 1 call 2024-01-15 at 1,200, fee 2: credit 1,198. Lapses 2025-03-28: gain 1,198, short-term whatever the
        // time held (§1234(b)(1)).
        let put = try D.option("BTC-28MAR25-50000-P", "BTC", .put, strike: 50_000, expiry: "2025-03-28")
        let call = try D.option("BTC-28MAR25-150000-C", "BTC", .call, strike: 150_000, expiry: "2025-03-28")
        let events = [
            D.event("o1", .open, "2024-01-15", put.symbol, side: .long, contracts: 1, price: 2_500, fee: 3),
            D.event("o2", .open, "2024-01-15", call.symbol, side: .short, contracts: 1, price: 1_200, fee: 2),
            D.event("e1", .expire, "2025-03-28", put.symbol),
            D.event("e2", .expire, "2025-03-28", call.symbol),
        ]
        let result = try DerivativeBook.run(instruments: [put, call], events: events, asOf: day("2025-04-01"))
        #expect(result.gains.map(\.gain) == [-2_503, 1_198])
        #expect(result.gains.map(\.term) == [.long, .short])
        #expect(result.gains.map(\.dateClosed) == [day("2025-03-28"), day("2025-03-28")])
        #expect(result.realized(year: 2025) == RealizedGains(shortTermGains: 1_198, longTermLosses: -2_503))
    }

    @Test("perpetual: a position partly reduced, with funding paid and received under both readings")
    func perpetualWithFunding() throws {
        // Long 1 BTC-PERPETUAL (1 BTC a contract) 2025-01-02 at 60,000, fee 30: carried 60,030.
        // Funding paid 12.50 on 2025-01-03, received 4.00 on 2025-01-04.
        // Reduced by 0.4 on 2025-02-01 at 65,000, fee 13: proceeds 26,000 − 13 = 25,987; basis 60,030 × 0.4 = 24,012;
        // gain 1,975, short-term. Left: 0.6 carrying 36,018; marked 70,000 on 2025-03-01: unrealized 42,000 − 36,018 = 5,982.
        let perpetual = try D.perpetual("BTC-PERPETUAL", "BTC")
        let events = [
            D.event("o1", .open, "2025-01-02", perpetual.symbol, side: .long, contracts: 1, price: 60_000, fee: 30),
            D.event("f1", .funding, "2025-01-03", perpetual.symbol, amount: "-12.50"),
            D.event("f2", .funding, "2025-01-04", perpetual.symbol, amount: 4),
            D.event("c1", .close, "2025-02-01", perpetual.symbol, contracts: "0.4", price: 65_000, fee: 13),
            D.event("m1", .settlement, "2025-03-01", perpetual.symbol, price: 70_000),
        ]
        let conservative = try DerivativeBook.run(instruments: [perpetual], events: events, asOf: day("2025-03-02"))
        #expect(conservative.gains.map(\.gain) == [1_975])
        #expect(conservative.gains.map(\.term) == [.short])
        #expect(conservative.income.map(\.value) == [4] && conservative.income.map(\.type) == [.other])
        #expect(conservative.fundingPaid.map(\.amount) == ["12.50"])
        let position = try #require(conservative.positions.first)
        #expect(position.contracts == "0.6" && position.carried == 36_018 && position.unrealized == 5_982)

        let capital = try DerivativeBook.run(instruments: [perpetual], events: events, asOf: day("2025-03-02"), funding: .capital)
        // Funding as capital: −12.50 and +4.00 realized when paid and received, short-term; 2025 short-term net
        // 1,975 + 4 − 12.50 = 1,966.50.
        #expect(capital.gains.map(\.gain) == ["-12.50", 4, 1_975])
        #expect(capital.income.isEmpty && capital.fundingPaid.isEmpty)
        #expect(capital.realized(year: 2025).netShortTerm == "1966.50")
    }

    @Test("derivative rows are refused under the other jurisdictions, naming them")
    func otherJurisdictions() throws {
        let perpetual = try D.perpetual("BTC-PERPETUAL", "BTC")
        let events = [D.event("o1", .open, "2025-01-02", perpetual.symbol, side: .long, contracts: 1, price: 60_000)]
        for jurisdiction in [Jurisdiction.unitedKingdom, .canada, .australia, .germany] {
            #expect(throws: DerivativeError.unsupportedJurisdiction(name: jurisdiction.name)) {
                try DerivativeBook.run(instruments: [perpetual], events: events, asOf: day("2025-03-02"), jurisdiction: jurisdiction)
            }
        }
    }

    @Test("closing more contracts than are open is an error naming the event")
    func overClose() throws {
        let perpetual = try D.perpetual("BTC-PERPETUAL", "BTC")
        let events = [
            D.event("o1", .open, "2025-01-02", perpetual.symbol, side: .long, contracts: 1, price: 60_000),
            D.event("c1", .close, "2025-01-03", perpetual.symbol, contracts: 2, price: 60_000),
        ]
        #expect(throws: DerivativeError.overClose(event: "event c1", instrument: "BTC-PERPETUAL", requested: 2, open: 1)) {
            try DerivativeBook.run(instruments: [perpetual], events: events, asOf: day("2025-03-02"))
        }
    }
}

/// `harvest plan`'s proposals for derivative positions at a loss, valued by the spot model.
struct DerivativeHarvestTests {
    typealias D = Derivative

    @Test("a losing call: close or roll valued as a spot harvest; a losing §1256 future is marked anyway")
    func proposals() throws {
        // 2 ETH calls bought 2025-03-03 at 250, fee 3: carried 503; marked 120 on 2025-06-30: value 240, unrealized −263.
        // Profile defaults: short 35%, 5% discount, 5-year horizon; costs 10 + 20 bps a leg.
        //   saved now = 263 × 0.35 = 92.05 (nothing else realized: the loss comes off ordinary income, under $3,000);
        //   deferred (roll) = 92.05 / 1.05^5 = 72.12; one leg = 240 × 0.0030 = 0.72, a roll two: 1.44;
        //   roll net = 92.05 − 72.12 − 1.44 = 18.49; close net = 92.05 − 0.72 = 91.33.
        // A §1256 future long 1 (0.1 BTC) at 100,000, marked 90,000: −1,000, marked at the year end anyway.
        let call = try D.option("ETH-26SEP25-3000-C", "ETH", .call, strike: 3_000, expiry: "2025-09-26")
        let future = try D.future("MBTU25", "BTC", expiry: "2025-09-26", multiplier: "0.1")
        let events = [
            D.event("o1", .open, "2025-03-03", call.symbol, side: .long, contracts: 2, price: 250, fee: 3),
            D.event("o2", .open, "2025-03-03", future.symbol, side: .long, contracts: 1, price: 100_000),
            D.event("m1", .settlement, "2025-06-30", call.symbol, price: 120),
            D.event("m2", .settlement, "2025-06-30", future.symbol, price: 90_000),
        ]
        let book = try DerivativeBook.run(instruments: [call, future], events: events, asOf: day("2025-06-30"))
        let proposals = DerivativeHarvest.proposals(positions: book.positions, asOf: day("2025-06-30"), realized: RealizedGains(),
                                                    profile: TaxProfile(), costs: TradingCosts(), jurisdiction: .us, washSale: .unitedStates)
        let option = try #require(proposals.first { $0.position.instrument == call })
        #expect(option.action == .roll && option.loss == 263 && option.term == .short)
        #expect(option.taxSavedNow == "92.05" && option.rollCost == "1.44" && option.closeCost == "0.72")
        #expect(option.deferredTax.rounded(scale: 2, .halfEven) == "72.12" && option.closeBenefit == "91.33")
        #expect(option.rollBenefit.rounded(scale: 2, .halfEven) == "18.49")
        let marked = try #require(proposals.first { $0.position.instrument == future })
        #expect(marked.action == .markedAnyway && marked.loss == 1_000)
    }
}
