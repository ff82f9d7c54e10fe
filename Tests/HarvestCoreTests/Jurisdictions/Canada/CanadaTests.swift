import HarvestCore
import HarvestTestSupport
import Testing

/// Canada: adjusted cost base across wallets, the superficial-loss rule (CRA's partial formula), ½ inclusion;
/// against ../shared/tax/vectors/ca-*.json and hand-computed edges.
struct CanadaTests {
    static func run(_ rows: [Transaction]) throws -> LedgerResult { try LotEngine.run(rows, jurisdiction: .canada) }

    static func acb(_ result: LedgerResult, _ asset: String) -> (quantity: Quantity, cost: Money) {
        let lots = result.openLots.filter { $0.asset == Asset(asset) }
        return (lots.reduce(.zero) { $0 + $1.quantity }, lots.map(\.costBasis).sum())
    }

    @Test("adjustedcostbase.ca basic example: ACB 5,010 → 2,505 → 9,015 → 5,409; gains 3,485 and −16; taxable 1,734.50", Vectors.present("ca-acbca-basic"))
    func basic() throws {
        let vector = try Vector.load("ca-acbca-basic")
        let rows = try vector.transactions()
        // The total ACB after each transaction, replaying the history up to it.
        for (count, path) in [(1, "expected.after.0.total_acb"), (2, "expected.after.1.total_acb"), (3, "expected.after.2.total_acb"),
                              (4, "expected.after.3.total_acb")] {
            let result = try Self.run(Array(rows.prefix(count)))
            #expect(Self.acb(result, "SEC").cost == vector.at(path), "after \(count) rows")
        }
        let result = try Self.run(rows)
        #expect(result.disposals.map(\.gain) == [vector.at("expected.after.1.gain"), vector.at("expected.after.3.gain")])
        #expect(result.disposals.allSatisfy { $0.matching == .pool && $0.lotTransactionID == "pool" && $0.adjustment.isZero })
        let year = try #require(YearSummaries.compute(disposals: result.disposals, income: [], jurisdiction: .canada).first)
        #expect(year.year == 2014 && year.taxableGain == vector.at("expected_derived.taxable_capital_gain_2014_at_one_half"))
    }

    @Test("adjustedcostbase.ca superficial loss example 1: the 2,000 loss is denied and added to the new shares' ACB", Vectors.present("ca-acbca-superficial-1"))
    func superficial() throws {
        let vector = try Vector.load("ca-acbca-superficial-1")
        let rows = try vector.transactions()
        let result = try Self.run(rows)
        let sale = result.disposals[0]
        // 100 × 30 − 100 × 50 = −2,000, all of it superficial (sold 100, bought 100 the next day, 100 still held).
        #expect(sale.adjustment == vector.at("expected.2014-11-03_loss_denied") && sale.adjustmentCode == .superficialLoss && sale.adjustmentCode.rawValue == "SL" && sale.gain == 0)
        let afterRepurchase = try Self.run(Array(rows.prefix(3)))
        #expect(Self.acb(afterRepurchase, "SEC").cost == vector.at("expected_derived.acb_after_2014-11-04"))
        #expect(result.disposals[1].gain == vector.at("expected_derived.2015-12-02_gain"))
        let years = YearSummaries.compute(disposals: result.disposals, income: [], jurisdiction: .canada)
        #expect(years.first?.longTermLosses == -vector.at("expected_derived.2014_allowable_loss"))
        // The year's net after losses of other years (the old summary's net capital gain): nothing.
        let figures = try #require(years.first?.canadaGains)
        #expect(figures.net - figures.lossesOfOtherYearsUsed == 0)
    }

    @Test("IT-456R ¶12: 50 held, 20 sold at a loss, 15 reacquired in the window: 15/20 of the loss is superficial", Vectors.present("ca-it456r-p12"))
    func partialIT456R() throws {
        let vector = try Vector.load("ca-it456r-p12")
        let inputs = try #require(vector.json["inputs"] as? [String: Any])
        let held = Quantity(try #require(Vectors.fixed(inputs["held_initially"])))
        let sold = Quantity(try #require(Vectors.fixed(inputs["sold_at_loss"])))
        let bought = Quantity(try #require(Vectors.fixed(inputs["reacquired_in_window"])))
        // The loss is parametric in the source: 50 units for 500 (10 each), 20 sold for 100: L = 100.
        // S = 20, P = 15, B = 50 − 20 + 15 = 45: denied 100 × 15/20 = 75, allowed 25.
        let result = try Self.run([
            Local.buy("b1", "2024-01-02", held, "XYZ", cost: 500, "CAD"),
            Local.sell("s1", "2024-06-03", sold, "XYZ", proceeds: 100, "CAD"),
            Local.buy("b2", "2024-06-13", bought, "XYZ", cost: 75, "CAD"),
        ])
        let fraction = Money(try #require(Vectors.fixed((vector.json["expected_derived"] as? [String: Any])?["superficial_fraction"])))
        #expect(result.disposals[0].adjustment == Money(Fixed(100).multiplied(by: fraction.fixed, rounding: .halfEven)))
        #expect(result.disposals[0].gain == -25)
        // ACB: 30 left at 300, plus the 75 denied (units still held), plus 15 bought for 75: 45 units, 450.
        #expect(Self.acb(result, "XYZ") == (held - sold + bought, 450))
    }

    @Test("superficial loss, partial repurchase: the units held at the end of the window cap the denied part")
    func partialHeldAtEnd() throws {
        // Buy 100 for 1,000 on 1 January (outside the window); sell all 100 on 15 February for 600 (loss 400).
        // Buy 30 on 20 February for 180; sell 20 on 1 March for 240. Window 16 January – 16 March: P = 30, B = 10.
        // Denied 400 × min(100, 30, 10)/100 = 40, waiting for the substitute (the pool was empty) and added with the
        // 20 February purchase: ACB 220 for 30. The 1 March sale: cost 220 × 20/30 = 146.67, gain 93.33.
        let result = try Self.run([
            Local.buy("b1", "2024-01-01", 100, "ETH", cost: 1000, "CAD"),
            Local.sell("s1", "2024-02-15", 100, "ETH", proceeds: 600, "CAD"),
            Local.buy("b2", "2024-02-20", 30, "ETH", cost: 180, "CAD"),
            Local.sell("s2", "2024-03-01", 20, "ETH", proceeds: 240, "CAD"),
        ])
        #expect(result.disposals[0].adjustment == 40 && result.disposals[0].gain == -360)
        #expect(result.disposals[1].costBasis.rounded(scale: 2, .halfEven) == "146.67")
        #expect(result.disposals[1].adjustment.isZero)
        #expect(Self.acb(result, "ETH").quantity == 10)
        #expect(Self.acb(result, "ETH").cost.rounded(scale: 2, .halfEven) == "73.33")
    }

    @Test("the window is 30 days either side: a purchase 30 days after denies, 31 days after does not; 30 days before counts")
    func windowEdges() throws {
        // Hold 10 costing 100; sell 10 for 50 on 1 June (loss 50); buy 10 for 50 on day +30 / +31 / −30 (with 10 more held).
        let cases: [(String, [Transaction], Money)] = [
            ("day +30", [Local.buy("b2", "2024-07-01", 10, "SOL", cost: 50, "CAD")], 50),
            ("day +31", [Local.buy("b2", "2024-07-02", 10, "SOL", cost: 50, "CAD")], 0),
        ]
        for (name, later, denied) in cases {
            let result = try Self.run([Local.buy("b1", "2024-01-02", 10, "SOL", cost: 100, "CAD"),
                                       Local.sell("s1", "2024-06-01", 10, "SOL", proceeds: 50, "CAD")] + later)
            #expect(result.disposals[0].adjustment == denied, "\(name)")
        }
        // Bought 10 for 50 on 2 May (30 days before): 20 units costing 150 (7.50 each). Sell 10 for 50 on 1 June: cost
        // 75, loss 25; P = 10, B = 10, S = 10: all of it denied, and added to the 10 still held (75 + 25 = 100).
        let before = try Self.run([Local.buy("b1", "2024-01-02", 10, "SOL", cost: 100, "CAD"),
                                   Local.buy("b2", "2024-05-02", 10, "SOL", cost: 50, "CAD"),
                                   Local.sell("s1", "2024-06-01", 10, "SOL", proceeds: 50, "CAD")])
        #expect(before.disposals[0].adjustment == 25 && before.disposals[0].gain == 0)
        #expect(Self.acb(before, "SOL") == (10, 100))  // 75 left + 25 denied
        // 31 days before (1 May) does not count.
        let early = try Self.run([Local.buy("b1", "2024-01-02", 10, "SOL", cost: 100, "CAD"),
                                  Local.buy("b2", "2024-05-01", 10, "SOL", cost: 50, "CAD"),
                                  Local.sell("s1", "2024-06-01", 10, "SOL", proceeds: 50, "CAD")])
        #expect(early.disposals[0].adjustment.isZero)
    }

    @Test("ACB is one pool across wallets; a transfer between them is no disposal")
    func acrossWallets() throws {
        // 10 for 100 in A and 10 for 300 in B: ACB 20 each. Move 5 A → B and sell 10 from B for 150: cost 200, loss 50
        // (nothing bought in the window: allowed). Left 10 at 200: A 5 (100), B 5 (100).
        let result = try Self.run([
            Local.buy("b1", "2023-01-02", 10, "BTC", cost: 100, "CAD", wallet: "A"),
            Local.buy("b2", "2023-02-02", 10, "BTC", cost: 300, "CAD", wallet: "B"),
            Row.transfer("t1", "2024-03-02", sent: 5, "BTC", from: "A", to: "B"),
            Local.sell("s1", "2024-05-02", 10, "BTC", proceeds: 150, "CAD", wallet: "B"),
        ])
        #expect(result.disposals.map(\.costBasis) == [200] && result.disposals.map(\.adjustment) == [0])
        #expect(result.openLots.map { "\($0.wallet) \($0.quantity) \($0.costBasis)" } == ["A 5 100", "B 5 100"])
    }

    @Test("½ inclusion: a net capital loss carries forward and reduces a later year's gain before the inclusion rate")
    func inclusionAndCarryforward() throws {
        // 2023: loss 1,000 (nothing bought back): carried forward. 2024: gain 3,000: 1,000 used, taxable (3,000 − 1,000) × ½ = 1,000.
        let result = try Self.run([
            Local.buy("b1", "2022-01-03", 1, "AAA", cost: 2000, "CAD"), Local.sell("s1", "2023-05-01", 1, "AAA", proceeds: 1000, "CAD"),
            Local.buy("b2", "2022-01-03", 1, "BBB", cost: 1000, "CAD"), Local.sell("s2", "2024-05-01", 1, "BBB", proceeds: 4000, "CAD"),
        ])
        let years = YearSummaries.compute(disposals: result.disposals, income: [], jurisdiction: .canada)
        #expect(years.map(\.year) == [2023, 2024])
        #expect(years.map(\.carryforwardOut.longTerm) == [1000, 0])
        #expect(years.map(\.canadaGains?.lossesOfOtherYearsUsed) == [0, 1000])
        #expect(years.map(\.taxableGain) == [0, 1000])
    }
}
