import HarvestCore
import HarvestTestSupport
import Testing

/// The UK's share identification (same day, 30 days, section 104 pool) against HMRC's worked examples
/// (../shared/tax/vectors/uk-*.json; whole-pound tolerance where HMRC rounds) and hand-computed edges.
struct UKMatchingTests {
    static func run(_ rows: [Transaction]) throws -> LedgerResult { try LotEngine.run(rows, jurisdiction: .unitedKingdom) }

    /// The pool of `asset` as open lots show it: units and cost across the wallets.
    static func pool(_ result: LedgerResult, _ asset: String) -> (quantity: Quantity, cost: Money) {
        let lots = result.openLots.filter { $0.asset == Asset(asset) }
        return (lots.reduce(.zero) { $0 + $1.quantity }, lots.map(\.costBasis).sum())
    }

    @Test("CRYPTO22251 Victoria: pool of 150 costing 126,000; selling 50 for 300,000 gains 258,000; 100 left at 84,000", Vectors.present("uk-crypto22251"))
    func victoria() throws {
        let vector = try Vector.load("uk-crypto22251")
        let result = try Self.run(try vector.transactions())
        #expect(result.disposals.count == 1)
        let sale = try #require(result.disposals.first)
        #expect(sale.matching == .pool && sale.lotTransactionID == "pool" && sale.quantity == 50)
        #expect(sale.proceeds == (vector.at("expected.disposals.0.proceeds")))
        #expect(sale.costBasis == (vector.at("expected.disposals.0.allowable_cost")))
        #expect(sale.gain == (vector.at("expected.disposals.0.gain")))
        let pool = Self.pool(result, "TOKEN_A")
        #expect(pool.quantity == 100 && pool.cost == (vector.at("expected.pool_closing.cost")))
        // A pool row has no single acquisition: no lot source, the pool's first day as its date.
        #expect(result.lotSource(of: sale) == nil && sale.dateAcquired == day("2024-01-10"))
    }

    @Test("CRYPTO22252 Martyn: both same-day disposals (one before the purchase) match the same-day acquisition", Vectors.present("uk-crypto22252"))
    func martyn() throws {
        let vector = try Vector.load("uk-crypto22252")
        let result = try Self.run(try vector.transactions())
        // Exact: 1,000 × 1,500/1,600 = 937.50 cost, 1,400 − 937.50 = 462.50; HMRC: 938 and 462 (within £1).
        #expect(result.disposals.allSatisfy { $0.matching == .sameDay && $0.lotTransactionID == "uk-crypto22252-3" })
        #expect(result.disposals.map(\.quantity) == [1000, 500])
        let proceeds = result.disposals.map(\.proceeds).sum(), cost = result.disposals.map(\.costBasis).sum()
        let gain = result.disposals.map(\.gain).sum()
        #expect(proceeds == (vector.at("expected.disposals.0.proceeds")))
        #expect(cost == (vector.at("expected_derived.allowable_cost_exact")))
        #expect(gain == (vector.at("expected_derived.gain_exact")))
        #expect(withinPound(cost, vector.at("expected.disposals.0.allowable_cost_rounded")))
        #expect(withinPound(gain, vector.at("expected.disposals.0.gain_rounded")))
        // The morning sale's row: 1,000/1,500 of the match: cost 625, proceeds 800.
        #expect(result.disposals[0].costBasis == 625 && result.disposals[0].proceeds == 800)
        let pool = Self.pool(result, "TOKEN_B")
        #expect(pool.quantity == 5100 && pool.cost == (vector.at("expected_derived.pool_closing_cost_exact")))
        #expect(withinPound(pool.cost, vector.at("expected.pool_closing_rounded.cost")))
    }

    @Test("CRYPTO22254 Daniel: 7,000 disposed in a day: 6,500 same-day (cost 500), 500 from the pool (62.50)", Vectors.present("uk-crypto22254"))
    func daniel() throws {
        let vector = try Vector.load("uk-crypto22254")
        let result = try Self.run(try vector.transactions())
        let sameDay = result.disposals.filter { $0.matching == .sameDay }
        let pooled = result.disposals.filter { $0.matching == .pool }
        #expect(sameDay.reduce(Quantity.zero) { $0 + $1.quantity } == 6500)
        #expect(sameDay.map(\.costBasis).sum() == (vector.at("expected.disposals.0.matching.0.cost")))
        #expect(pooled.reduce(Quantity.zero) { $0 + $1.quantity } == 500)
        #expect(pooled.map(\.costBasis).sum() == (vector.at("expected_derived.s104_cost_exact")))
        #expect(withinPound(pooled.map(\.costBasis).sum(), vector.at("expected.disposals.0.matching.1.cost_rounded")))
        let gain = result.disposals.map(\.gain).sum()
        #expect(gain == (vector.at("expected_derived.gain_exact")))
        #expect(withinPound(gain, vector.at("expected.disposals.0.gain_rounded")))
        #expect(result.disposals.map(\.proceeds).sum() == (vector.at("expected.disposals.0.proceeds")))
        let pool = Self.pool(result, "TOKEN_D")
        #expect(pool.quantity == 7500 && pool.cost == (vector.at("expected_derived.pool_closing_cost_exact")))
        // Rows in disposal order: the 09:00 sale's parts, then the 13:00 sale's.
        #expect(result.disposals.map(\.disposalTransactionID) == ["uk-crypto22254-2", "uk-crypto22254-2", "uk-crypto22254-6", "uk-crypto22254-6"])
    }

    @Test("CRYPTO22255 Melanie: 500 matched with the purchase 12 days later, 3,500 from the pool; gain 92,500", Vectors.present("uk-crypto22255"))
    func melanie() throws {
        let vector = try Vector.load("uk-crypto22255")
        let result = try Self.run(try vector.transactions())
        #expect(result.disposals.map(\.matching) == [.thirtyDay, .pool])
        #expect(result.disposals.map(\.quantity) == [500, 3500])
        #expect(result.disposals[0].costBasis == (vector.at("expected.disposals.0.matching.0.cost")))
        #expect(result.disposals[0].lotTransactionID == "uk-crypto22255-3" && result.disposals[0].dateAcquired == day("2024-09-11"))
        #expect(result.disposals[1].costBasis == (vector.at("expected.disposals.0.matching.1.cost")))
        #expect(result.disposals.map(\.gain).sum() == (vector.at("expected.disposals.0.gain")))
        let pool = Self.pool(result, "TOKEN_E")
        #expect(pool.quantity == 10500 && pool.cost == (vector.at("expected.pool_closing.cost")))
    }

    @Test("CRYPTO22280 Terri: the fee token is a disposal too, and its value a cost of the sale: total gain 2,998", Vectors.present("uk-crypto22280"))
    func terri() throws {
        let vector = try Vector.load("uk-crypto22280")
        let result = try Self.run(try vector.transactions())
        // Sale: 5,000 − 5 (the fee token's value) − 1,000 × 2 = 2,995; fee token: 5 − 2 = 3.
        #expect(result.disposals.map(\.kind) == [.sale, .fee])
        #expect(result.disposals.map(\.gain) == [(vector.at("expected_derived.split.main_sale.gain")),
                                                  (vector.at("expected_derived.split.fee_token_disposal.gain"))])
        #expect(result.disposals.map(\.gain).sum() == (vector.at("expected_derived.gain_total")))
        #expect(result.disposals.map(\.costBasis).sum() == (vector.at("expected_derived.allowable_cost_pooled_1001_tokens")))
        let pool = Self.pool(result, "TOKEN")
        #expect(pool.quantity == 8999 && pool.cost == (vector.at("expected_derived.pool_closing.cost")))
        // One disposal for the return: the sale and the fee token go the same day.
        let summary = try #require(YearSummaries.compute(disposals: result.disposals, income: [], jurisdiction: .unitedKingdom).last)
        #expect(summary.disposalCount == 1)
    }

    @Test("30-day rule: a purchase on day 30 is matched; one on day 31 goes to the pool")
    func dayThirtyAndThirtyOne() throws {
        // Pool 100 costing 1,000 (10 each). Sell 10 on 1 March for 50.
        // Day 30 (31 March): buy 10 for 60 → matched: cost 60, loss 10; the 10 units drawn go back: pool 100 / 1,000.
        // Day 31 (1 April): not matched: cost 10 × 10 = 100, loss 50; pool 90 / 900 + 10 / 60 = 100 / 960.
        for (date, matching, gain, poolCost) in [("2024-03-31", Matching.thirtyDay, Money(-10), Money(1000)),
                                                 ("2024-04-01", .pool, -50, 960)] {
            let result = try Self.run([
                Local.buy("b0", "2023-01-02", 100, "ETH", cost: 1000, "GBP"),
                Local.sell("s1", "2024-03-01", 10, "ETH", proceeds: 50, "GBP"),
                Local.buy("b1", date, 10, "ETH", cost: 60, "GBP"),
            ])
            #expect(result.disposals.map(\.matching) == [matching], "\(date)")
            #expect(result.disposals.map(\.gain) == [gain], "\(date)")
            #expect(Self.pool(result, "ETH") == (100, poolCost), "\(date)")
        }
    }

    @Test("same day: buys before and after a sale are one acquisition at their average cost; the rest joins the pool")
    func sameDayAggregation() throws {
        // Pool 1,000 costing 1,000. On 10 May: 09:00 buy 100 for 300, 12:00 sell 150 for 600, 15:00 buy 100 for 500.
        // One acquisition of 200 costing 800 (4 each): the sale matches 150 of it, cost 600, gain 0; the other 50
        // (cost 200) join the pool: 1,050 / 1,200. Matching by time instead would have used the 09:00 buy's 3 each.
        let result = try Self.run([
            Local.buy("b0", "2024-01-02", 1000, "SOL", cost: 1000, "GBP"),
            Local.buy("b1", "2024-05-10", 100, "SOL", cost: 300, "GBP", hour: 9),
            Local.sell("s1", "2024-05-10", 150, "SOL", proceeds: 600, "GBP", hour: 12),
            Local.buy("b2", "2024-05-10", 100, "SOL", cost: 500, "GBP", hour: 15),
        ])
        #expect(result.disposals.map(\.matching) == [.sameDay])
        #expect(result.disposals.map(\.costBasis) == [600] && result.disposals.map(\.gain) == [0])
        #expect(result.disposals.first?.lotTransactionID == "b1")
        #expect(Self.pool(result, "SOL") == (1050, 1200))
    }

    @Test("same-day matching comes before an earlier disposal's 30-day claim; earlier disposals are matched first")
    func priorities() throws {
        // Pool 100 costing 1,000. 1 March sell 10 for 50 (d1); 5 March sell 10 for 50 (d2);
        // 10 March sell 5 for 40 and buy 20 for 120 (6 each): the same day takes 5 (cost 30); of the 15 left, d1 takes
        // 10 (cost 60), d2 takes 5 (cost 30) and its other 5 come from the pool (50).
        let result = try Self.run([
            Local.buy("b0", "2024-01-02", 100, "ADA", cost: 1000, "GBP"),
            Local.sell("d1", "2024-03-01", 10, "ADA", proceeds: 50, "GBP"),
            Local.sell("d2", "2024-03-05", 10, "ADA", proceeds: 50, "GBP"),
            Local.sell("d3", "2024-03-10", 5, "ADA", proceeds: 40, "GBP", hour: 9),
            Local.buy("b1", "2024-03-10", 20, "ADA", cost: 120, "GBP", hour: 10),
        ])
        let rows = result.disposals.map { "\($0.disposalTransactionID) \($0.matching.rawValue) \($0.quantity) \($0.costBasis)" }
        #expect(rows == ["d1 30_day 10 60", "d2 30_day 5 30", "d2 pool 5 50", "d3 same_day 5 30"])
        // Pool: 100 − 10 − 10 drawn, 10 + 5 given back = 95 / 950.
        #expect(Self.pool(result, "ADA") == (95, 950))
    }

    @Test("a pool emptied and refilled: later rows date from the new pool; 30 days still reach back to the emptying sale")
    func poolEmptiedAndRefilled() throws {
        // Buy 10 for 100; sell all 10 on 1 March for 150 (gain 50: pool empty). Buy 10 on 1 June for 300; sell 5 on
        // 1 August for 200: cost 150, gain 50, dated from the refilled pool (1 June).
        let result = try Self.run([
            Local.buy("b1", "2024-01-02", 10, "DOT", cost: 100, "GBP"),
            Local.sell("s1", "2024-03-01", 10, "DOT", proceeds: 150, "GBP"),
            Local.buy("b2", "2024-06-01", 10, "DOT", cost: 300, "GBP"),
            Local.sell("s2", "2024-08-01", 5, "DOT", proceeds: 200, "GBP"),
        ])
        #expect(result.disposals.map(\.gain) == [50, 50])
        #expect(result.disposals.map(\.dateAcquired) == [day("2024-01-02"), day("2024-06-01")])
        #expect(Self.pool(result, "DOT") == (5, 150))
        // Refilled within 30 days: 4 bought on 10 March for 80 match the 1 March sale (cost 80), 6 come from the
        // pool (60); the pool keeps the 4 units it did not give up, at its own cost: 4 / 40.
        let quick = try Self.run([
            Local.buy("b1", "2024-01-02", 10, "DOT", cost: 100, "GBP"),
            Local.sell("s1", "2024-03-01", 10, "DOT", proceeds: 150, "GBP"),
            Local.buy("b2", "2024-03-10", 4, "DOT", cost: 80, "GBP"),
        ])
        #expect(quick.disposals.map(\.matching) == [.thirtyDay, .pool])
        #expect(quick.disposals.map(\.costBasis) == [80, 60])
        #expect(Self.pool(quick, "DOT") == (4, 40))
    }

    @Test("the 30-day rule crosses 5/6 April: a 31 March sale matches a 21 April purchase, not a 1 May one (CRYPTO22253)")
    func acrossTaxYears() throws {
        // Pool 100 costing 2,000 (20 each). 31 March 2024 (tax year 2023-24) sell 20 for 300.
        // 21 April buy 10 for 120: matched (21 days): cost 120. 1 May buy 10 for 130: 31 days after: pool.
        // The sale: 10 matched (cost 120) + 10 from the pool (200): gain 300 − 320 = −20, all in 2023-24.
        let result = try Self.run([
            Local.buy("b0", "2023-06-01", 100, "LINK", cost: 2000, "GBP"),
            Local.sell("s1", "2024-03-31", 20, "LINK", proceeds: 300, "GBP"),
            Local.buy("b1", "2024-04-21", 10, "LINK", cost: 120, "GBP"),
            Local.buy("b2", "2024-05-01", 10, "LINK", cost: 130, "GBP"),
        ])
        #expect(result.disposals.map(\.matching) == [.thirtyDay, .pool])
        #expect(result.disposals.map(\.lotTransactionID) == ["b1", "pool"])
        #expect(result.disposals.map(\.taxYear) == [2023, 2023])
        #expect(result.disposals.map(\.gain).sum() == -20)
        // Pool: 100 / 2,000 less the 10 the sale took from it (200) = 90 / 1,800, plus the 1 May 10 (130) = 100 / 1,930.
        #expect(Self.pool(result, "LINK") == (100, 1930))
    }

    @Test("one pool across wallets: a transfer is no disposal; holdings show each wallet at the pool's average cost")
    func acrossWallets() throws {
        // Buy 10 for 100 in A, 10 for 300 in B: one pool 20 / 400. Move 4 from A to B, sell 5 from B for 150:
        // cost 5 × 20 = 100. Left 15 / 300: A holds 6 (120), B 9 (180).
        let result = try Self.run([
            Local.buy("b1", "2024-01-02", 10, "BTC", cost: 100, "GBP", wallet: "A"),
            Local.buy("b2", "2024-02-02", 10, "BTC", cost: 300, "GBP", wallet: "B"),
            Row.transfer("t1", "2024-03-02", sent: 4, "BTC", from: "A", to: "B"),
            Local.sell("s1", "2024-05-02", 5, "BTC", proceeds: 150, "GBP", wallet: "B"),
        ])
        #expect(result.disposals.map(\.costBasis) == [100])
        #expect(result.openLots.map { "\($0.wallet) \($0.quantity) \($0.costBasis)" } == ["A 6 120", "B 9 180"])
    }

    @Test("a LotBook shows what is held between transactions of a day not yet closed, and settles like the batch")
    func lotBookMidDay() throws {
        // Pool 10 costing 1,000. On 1 March: 09:00 sell 4 for 320; the book holds 6 costing 600 (so far from the pool).
        // 10:00 buy 2 for 300: the day's 2 match 2 of the 4 sold (cost 300), the other 2 come from the pool (200):
        // held 8 costing 1,000 − 200 + 300 − 300 = 800.
        let rows = [
            Local.buy("b0", "2024-01-02", 10, "ETH", cost: 1000, "GBP"),
            Local.sell("s1", "2024-03-01", 4, "ETH", proceeds: 320, "GBP", hour: 9),
            Local.buy("b1", "2024-03-01", 2, "ETH", cost: 300, "GBP", hour: 10),
        ]
        var book = LotBook(jurisdiction: .unitedKingdom)
        try book.apply(rows[0])
        try book.apply(rows[1])
        var held: [(Quantity, Money)] = []
        book.forEachOpenLot(of: Asset("ETH")) { held.append(($0.quantity, $0.costBasis)) }
        #expect(held.map(\.0) == [6] && held.map(\.1) == [600])
        try book.apply(rows[2])
        held = []
        book.forEachOpenLot(of: Asset("ETH")) { held.append(($0.quantity, $0.costBasis)) }
        #expect(held.map(\.0) == [8] && held.map(\.1) == [800])
        #expect(book.hasUnsettledDisposals && book.disposals.isEmpty)
        // Settled: the same rows as the batch replay.
        #expect(book.result.disposals == (try Self.run(rows)).disposals)
        #expect(book.result.disposals.map(\.matching) == [.sameDay, .pool])
    }

    @Test("with allowMissingBasis, units sold beyond what is held are a flagged zero-cost row, under both countries' rules",
          arguments: [Jurisdiction.unitedKingdom, .canada])
    func missingBasis(_ rules: Jurisdiction) throws {
        // 1 held costing 100; 3 sold for 600: 1 from the pool (cost 100, proceeds 200), 2 missing (cost 0, proceeds 400).
        var jurisdiction = rules
        jurisdiction.baseCurrency = Asset("GBP")
        let result = try LotEngine.run([Local.buy("b1", "2024-01-02", 1, "BTC", cost: 100, "GBP"),
                                        Local.sell("s1", "2024-02-02", 3, "BTC", proceeds: 600, "GBP")],
                                       policy: AccountingPolicy(allowMissingBasis: true), jurisdiction: jurisdiction)
        #expect(result.disposals.map { "\($0.quantity) \($0.proceeds) \($0.costBasis) \($0.missingBasis)" } == ["1 200 100 false", "2 400 0 true"])
        #expect(result.openLots.isEmpty && result.warnings.count == 1)
    }

    @Test("selling more than is held is an error naming the row, as in the US engine")
    func shortfall() throws {
        #expect(throws: LedgerError.self) {
            try Self.run([Local.buy("b1", "2024-01-02", 1, "BTC", cost: 100, "GBP"), Local.sell("s1", "2024-02-02", 2, "BTC", proceeds: 300, "GBP")])
        }
    }
}

/// UK years: the annual exempt amount, losses, rates by period.
struct UKYearTests {
    static func sale(_ date: String, gain: Money, id: String) -> [Transaction] {
        // A purchase long before (never within 30 days) and a sale: the sale's gain is `gain`.
        let cost: Money = 100_000
        return [Local.buy("b-" + id, "2020-01-02", 1, id, cost: cost, "GBP"),
                Local.sell(id, date, 1, id, proceeds: cost + gain, "GBP")]
    }

    @Test("2024-25: losses and the exempt amount go against the 24% gains first; brought-forward losses stop at the exempt amount")
    func ratesAndExemption() throws {
        // Gains 4,000 (June, 20%) and 6,000 (December, 24%); a loss of 1,000; 2,000 brought forward.
        // Net 9,000; brought forward used min(2,000, 9,000 − 3,000) = 2,000; taxable 9,000 − 2,000 − 3,000 = 4,000.
        // Deductions 10,000 − 4,000 = 6,000 take the 24% gains first: 4,000 taxed at 20% = 800 (upper band).
        let rows = Self.sale("2024-06-01", gain: 4000, id: "AAA") + Self.sale("2024-12-01", gain: 6000, id: "BBB")
            + Self.sale("2025-01-10", gain: -1000, id: "CCC")
        let result = try LotEngine.run(rows, jurisdiction: .unitedKingdom)
        let summaries = YearSummaries.compute(disposals: result.disposals, income: [], jurisdiction: .unitedKingdom,
                                              carryforward: Carryforward(longTerm: 2000), from: 2024, through: 2024)
        let year = try #require(summaries.first)
        let figures = try #require(year.ukGains)
        #expect(year.disposalCount == 3 && year.longTermGains == 10_000 && year.longTermLosses == -1000)
        #expect(figures.exemptAmount == 3000 && figures.lossesBroughtForwardUsed == 2000 && year.taxableGain == 4000)
        #expect(figures.ratePeriods.map(\.from) == [day("2024-04-06"), day("2024-10-30")])
        #expect(figures.ratePeriods.map(\.taxable) == [4000, 0])
        #expect(figures.estimatedTax == 800 && year.carryforwardOut.isZero)
        // In the basic-rate band: 4,000 × 10% = 400.
        let basic = YearSummaries.compute(disposals: result.disposals, income: [], jurisdiction: .unitedKingdom,
                                          carryforward: Carryforward(longTerm: 2000), from: 2024, through: 2024, band: .lower)
        #expect(basic.first?.ukGains?.estimatedTax == 400)
    }

    @Test("brought-forward losses are not used below the exempt amount; a year's net loss carries forward")
    func lossesCarried() throws {
        // 2023-24: net gain 5,000 ≤ 6,000 exempt: nothing taxed, the 2,000 brought forward is kept.
        // 2024-25: a net loss of 1,500 adds to it: 3,500 carried into 2025-26.
        let rows = Self.sale("2023-07-01", gain: 5000, id: "AAA") + Self.sale("2024-07-01", gain: -1500, id: "BBB")
        let result = try LotEngine.run(rows, jurisdiction: .unitedKingdom)
        let years = YearSummaries.compute(disposals: result.disposals, income: [], jurisdiction: .unitedKingdom,
                                          carryforward: Carryforward(longTerm: 2000), from: 2023, through: 2024)
        #expect(years.map(\.ukGains?.exemptAmount) == [6000, 3000])
        #expect(years.map(\.ukGains?.lossesBroughtForwardUsed) == [0, 0] && years.map(\.taxableGain) == [0, 0])
        #expect(years.map(\.carryforwardOut.longTerm) == [2000, 3500])
        #expect(years.map(\.ukGains?.estimatedTax) == [0, 0])
        // 2022-23 had 12,300 exempt.
        #expect(Jurisdiction.unitedKingdom.schedule.exemptAmount(year: 2022) == 12_300)
    }

    @Test("the UK tax year runs 6 April to 5 April")
    func taxYear() {
        let calendar = Jurisdiction.unitedKingdom.taxYear
        #expect(calendar.year(of: day("2024-04-05")) == 2023 && calendar.year(of: day("2024-04-06")) == 2024)
    }
}
