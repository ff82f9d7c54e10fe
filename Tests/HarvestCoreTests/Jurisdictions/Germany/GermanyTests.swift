import HarvestCore
import HarvestTestSupport
import Testing

/// Germany: the Haufe "Amalie" examples and the derived FIFO vector (../shared/tax/vectors/de-*), and hand-computed
/// edges: one year exactly versus a year and a day, the Freigrenze at one cent under and at the threshold, losses
/// only against private-sale gains, transfers between the user's wallets.
struct GermanyTests {
    static let de = Jurisdiction.germany

    func eur(_ money: Money) -> Amount { Amount(Quantity(money.fixed), Asset("EUR")) }

    func summaries(_ result: LedgerResult, carryforward: Carryforward = .none) -> [YearSummary] {
        YearSummaries.compute(disposals: result.disposals, income: result.income, jurisdiction: Self.de, carryforward: carryforward)
    }

    /// Bought 1 unit for `cost`, sold for `proceeds`.
    func roundTrip(_ bought: String, _ sold: String, cost: Money, proceeds: Money, asset: String = "ETH", id: String = "") -> [Transaction] {
        [
            Row.make("b" + id, .buy, bought, sent: eur(cost), received: Amount(1, Asset(asset))),
            Row.make("s" + id, .sell, sold, sent: Amount(1, Asset(asset)), received: eur(proceeds)),
        ]
    }

    // MARK: - The sources' examples

    @Test("Haufe, Amalie: within one year taxable, after one year tax-free, under the Freigrenze tax-free",
          .enabled(if: Vectors.exists("de-haufe-amalie"), "../shared/tax/vectors/de-haufe-amalie.json is absent"))
    func amalie() throws {
        let vector = try #require(Vectors.load("de-haufe-amalie"))
        let cases = try #require(vector["cases"] as? [[String: Any]])
        #expect(cases.count == 3)
        for c in cases {
            let expected = try #require(c["expected"] as? [String: Any])
            let result = try LotEngine.run(Vectors.transactions(c["transactions"], currency: "EUR"), jurisdiction: Self.de)
            let sale = try #require(result.disposals.first)
            #expect(sale.gain == Vectors.money(expected["gain"]), "\(c["name"]!)")
            let summary = try #require(summaries(result).first { $0.year == sale.taxYear })
            let sales = try #require(summary.germany)
            let taxable = try #require(expected["taxable"] as? Bool)
            // 1: 2,200 − 1,000 = 1,200 in 2024, at least the 1,000 Freigrenze: all of it taxable.
            // 2: sold 2 January 2025, more than a year after 1 January 2024: 800 outside §23.
            // 3: 1,400 − 1,000 = 400, under the 1,000 Freigrenze of 2024: tax-free.
            #expect(sales.taxable.isPositive == taxable, "\(c["name"]!)")
            #expect(sales.taxable == (taxable ? sale.gain : 0), "\(c["name"]!)")
        }
        // First case: the whole 1,200, not the excess over 1,000 (a threshold, not an allowance).
        let first = try LotEngine.run(Vectors.transactions(cases[0]["transactions"], currency: "EUR"), jurisdiction: Self.de)
        #expect(summaries(first).last?.germany?.taxable == 1_200)
        // The derived boundary: bought 1 January 2024, sold 1 January 2025 is still within the year (BGB §§187, 188).
        let boundary = try LotEngine.run(roundTrip("2024-01-01", "2025-01-01", cost: 1000, proceeds: 1800), jurisdiction: Self.de)
        #expect(boundary.disposals.map(\.term) == [.short])
        #expect(summaries(boundary).last?.germany?.total == 800)  // inside §23 (800 is under 2025's Freigrenze)
    }

    @Test("BMF Rz. 61: FIFO per wallet decides the holding period; LIFO (FG Nürnberg) would sell the taxable unit",
          .enabled(if: Vectors.exists("de-derived-fifo-holding"), "../shared/tax/vectors/de-derived-fifo-holding.json is absent"))
    func fifoHolding() throws {
        let vector = try #require(Vectors.load("de-derived-fifo-holding"))
        let rows = Vectors.transactions(vector["transactions"], currency: "EUR")
        let expected = try #require(vector["expected_derived"] as? [String: Any])
        let fifo = try #require(expected["FIFO"] as? [String: Any])
        let lifo = try #require(expected["LIFO_FG_Nuernberg"] as? [String: Any])

        let result = try LotEngine.run(rows, jurisdiction: Self.de)
        let sale = try #require(result.disposals.first)
        // FIFO: the unit of 1 March 2023, held more than a year on 15 March 2024: 60,000 − 20,000 = 40,000, outside §23.
        #expect(sale.dateAcquired == day(fifo["unit_sold"] as! String))
        #expect(sale.gain == Vectors.money(fifo["economic_gain"]) && sale.term == .long)
        let summary = try #require(summaries(result).last?.germany)
        #expect(summary.taxable.isPositive == (fifo["taxable"] as! Bool))
        #expect(summary.exemptGains == 40_000 && summary.total == 0)

        // LIFO, as FG Nürnberg allowed (not the BMF, so not allowed by the jurisdiction value): the 1 December 2023
        // unit, 60,000 − 35,000 = 25,000 within the year, taxable.
        #expect(Self.de.allowedMethods == [.fifo] && Self.de.allowedScopes == [.wallet])
        let contested = try LotEngine.run(rows, policy: AccountingPolicy(method: .lifo), jurisdiction: Self.de)
        #expect(contested.disposals.first?.dateAcquired == day(lifo["unit_sold"] as! String))
        #expect(contested.disposals.first?.gain == Vectors.money(lifo["gain"]))
        #expect(summaries(contested).last?.germany?.taxable == 25_000)
    }

    // MARK: - The one-year boundary

    @Test("more than one year, counted by the civil code", arguments: [
        // Exactly one year: within the period. A year and a day: after it.
        ("2024-01-01", "2025-01-01", Term.short), ("2024-01-01", "2025-01-02", .long),
        ("2023-03-15", "2024-03-15", .short), ("2023-03-15", "2024-03-16", .long),
        // BGB §188(3): bought 29 February 2024, the year ends 28 February 2025.
        ("2024-02-29", "2025-02-28", .short), ("2024-02-29", "2025-03-01", .long),
        // BGB §188(2): bought 28 February 2023, the year ends on the 28th, 28 February 2024: 29 February 2024 is after it
        // (the US month-end rule would still call it short).
        ("2023-02-28", "2024-02-28", .short), ("2023-02-28", "2024-02-29", .long),
    ])
    func oneYear(_ acquired: String, _ disposed: String, _ term: Term) throws {
        #expect(Self.de.holdingPeriod.term(held: day(acquired), disposed: day(disposed)) == term)
        let result = try LotEngine.run(roundTrip(acquired, disposed, cost: 1000, proceeds: 3000), jurisdiction: Self.de)
        #expect(result.disposals.map(\.term) == [term])
        // A 2,000 gain: taxable within the year (over any Freigrenze), tax-free after it.
        #expect(summaries(result).last?.germany?.taxable == (term == .short ? 2_000 : 0))
    }

    @Test("the US and Germany differ on a 28 February start")
    func monthEnd() {
        #expect(Jurisdiction.us.holdingPeriod.term(held: day("2023-02-28"), disposed: day("2024-02-29")) == .short)
        #expect(Self.de.holdingPeriod.term(held: day("2023-02-28"), disposed: day("2024-02-29")) == .long)
        #expect(Self.de.holdingPeriod.firstLongTermDate(held: day("2024-01-01")) == day("2025-01-02"))
    }

    // MARK: - The Freigrenze

    @Test("the Freigrenze: one cent under is tax-free, the threshold itself is taxable in full", arguments: [
        // 2023: less than 600.
        ("2023", Money("599.99"), Money(0), true), ("2023", 600, 600, false),
        // 2024: less than 1,000.
        ("2024", "999.99", 0, true), ("2024", 1000, 1000, false),
        // 2023 with a 2024-sized gain: 999.99 is taxable in 2023.
        ("2023", "999.99", "999.99", false),
    ])
    func freigrenze(_ year: String, _ gain: Money, _ taxable: Money, _ below: Bool) throws {
        // Bought on 1 February, sold on 1 October of the year, for 1,000 + the gain.
        let result = try LotEngine.run(
            roundTrip("\(year)-02-01", "\(year)-10-01", cost: 1000, proceeds: 1000 + gain), jurisdiction: Self.de)
        let sales = try #require(summaries(result).last?.germany)
        #expect(sales.total == gain)
        #expect(sales.taxable == taxable)
        #expect(sales.belowFreigrenze == below)
        #expect(sales.freigrenze == (year == "2023" ? 600 : 1000))
    }

    @Test("the Freigrenze by year, as data")
    func thresholds() {
        #expect(Self.de.schedule.exemptAmount(year: 2008) == 600)
        #expect(Self.de.schedule.exemptAmount(year: 2023) == 600)
        #expect(Self.de.schedule.exemptAmount(year: 2024) == 1000)
        #expect(Self.de.schedule.exemptAmount(year: 2030) == 1000)
    }

    // MARK: - Losses

    @Test("losses net with the year's private-sale gains: a loss can bring the total under the Freigrenze")
    func sameYearLosses() throws {
        // 2024: a 1,500 gain and a 700 loss within the year: total 800 < 1,000, tax-free. A 5,000 loss on a unit held
        // more than a year does not count at all.
        let rows = roundTrip("2024-01-10", "2024-05-01", cost: 1000, proceeds: 2500, id: "1")
            + roundTrip("2024-02-10", "2024-06-01", cost: 1000, proceeds: 300, asset: "SOL", id: "2")
            + roundTrip("2022-02-10", "2024-07-01", cost: 6000, proceeds: 1000, asset: "ADA", id: "3")
        let sales = try #require(summaries(try LotEngine.run(rows, jurisdiction: Self.de)).last?.germany)
        #expect(sales.gains == 1_500 && sales.losses == -700 && sales.total == 800)
        #expect(sales.exemptLosses == -5_000)
        #expect(sales.belowFreigrenze && sales.taxable == 0 && sales.carriedOut == 0)
    }

    @Test("a private-sale loss carries forward, only against later private-sale gains, after the Freigrenze test")
    func carriedLosses() throws {
        // 2023: a 2,000 loss within the year (carried), and a 5,000 loss after a year (not relevant).
        let loss = roundTrip("2023-01-10", "2023-06-01", cost: 3000, proceeds: 1000, id: "1")
            + roundTrip("2020-01-10", "2023-06-01", cost: 6000, proceeds: 1000, asset: "ADA", id: "2")
        // 2024, either a 2,500 gain: at least 1,000, so taxable, less the 2,000 carried: 500 stays taxable although
        // under the Freigrenze (H 23 EStH "Freigrenze");
        let over = try LotEngine.run(loss + roundTrip("2024-02-01", "2024-09-01", cost: 1000, proceeds: 3500, asset: "BTC", id: "3"),
                                     jurisdiction: Self.de)
        let years = summaries(over)
        try #require(years.count == 2)
        #expect(years.map(\.year) == [2023, 2024])
        #expect(years[0].germany?.carriedOut == 2_000 && years[0].carryforwardOut == Carryforward(shortTerm: 2_000))
        #expect(years[1].germany?.carriedInApplied == 2_000 && years[1].germany?.taxable == 500 && years[1].germany?.carriedOut == 0)
        // or an 800 gain: under the Freigrenze, tax-free, and the 2,000 stays carried.
        let under = try LotEngine.run(loss + roundTrip("2024-02-01", "2024-09-01", cost: 1000, proceeds: 1800, asset: "BTC", id: "3"),
                                      jurisdiction: Self.de)
        let last = try #require(summaries(under).last?.germany)
        #expect(last.belowFreigrenze && last.taxable == 0 && last.carriedInApplied == 0 && last.carriedOut == 2_000)
        // Losses never offset other income: no year's tax is a saving (no Schedule D deduction exists here).
        let profile = TaxProfile(shortRate: "0.42")
        #expect(summaries(under).allSatisfy { $0.scheduleD == nil && Self.de.regime.tax(of: $0, profile: profile) == 0 })
    }

    // MARK: - Wallets

    @Test("a transfer between own wallets keeps the acquisition date; FIFO runs wallet by wallet")
    func transfers() throws {
        // W1: 1 BTC bought 5 January 2023 (20,000). W2: 1 BTC bought 1 June 2023 (25,000). The W1 unit moves to W2 on
        // 1 December 2023. On 1 February 2024, 1 BTC is sold from W2 for 40,000: FIFO in W2 takes the unit acquired on
        // 5 January 2023, held more than a year: tax-free. Had the transfer restarted the clock, it would be taxable.
        let rows = [
            Row.make("b1", .buy, "2023-01-05", wallet: "W1", sent: eur(20_000), received: Amount(1, Asset("BTC"))),
            Row.make("b2", .buy, "2023-06-01", wallet: "W2", sent: eur(25_000), received: Amount(1, Asset("BTC"))),
            Row.transfer("t", "2023-12-01", sent: 1, "BTC", from: "W1", to: "W2"),
            Row.make("s", .sell, "2024-02-01", wallet: "W2", sent: Amount(1, Asset("BTC")), received: eur(40_000)),
        ]
        let result = try LotEngine.run(rows, jurisdiction: Self.de)
        #expect(result.sold == [Sold("b1", 1, proceeds: 40_000, basis: 20_000, .long)])
        #expect(result.held == [Held("BTC", "W2", "b2", 1, basis: 25_000)])
        #expect(summaries(result).last?.germany?.taxable == 0)
    }

    @Test("a gift is not a sale in Germany")
    func gift() throws {
        let rows = [
            Row.make("b", .buy, "2024-01-05", sent: eur(1_000), received: Amount(1, Asset("ETH"))),
            Row.make("g", .giftOut, "2024-03-01", sent: Amount(1, Asset("ETH")), value: 3_000),
        ]
        let result = try LotEngine.run(rows, jurisdiction: Self.de)
        #expect(result.disposals.isEmpty && result.removals.count == 1)
    }
}
