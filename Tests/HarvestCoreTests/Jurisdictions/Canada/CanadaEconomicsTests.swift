import HarvestCore
import HarvestTestSupport
import Testing

/// What a harvest is worth under Canada's rules (CanadaEconomics.swift): one class of gains, the ½ inclusion rate
/// (ITA s.38(a)) times the marginal rate, net capital losses of other years against the net gain (s.111(1)(b)).
/// Called directly, then through the planner.
struct CanadaEconomicsTests {
    /// Ontario's top bracket for 2024: 33% federal + 20.53% provincial = 53.53% on ordinary income, so 26.765% on a
    /// capital gain (the ½ inclusion rate). A 25% discount rate: a year's discount factor is exactly 0.8.
    static func economics(broughtForward: Money = .zero) -> any HarvestEconomics {
        Jurisdiction.canada.economics(
            profile: TaxProfile(shortRate: "0.33", longRate: "0", stateRate: "0.2053", carryforward: Carryforward(longTerm: broughtForward),
                                discountRate: "0.25"),
            asOf: day("2024-06-01"))
    }

    @Test("½ inclusion × the marginal rate: 26.765% on a gain at Ontario's top rate, whenever the replacement is sold")
    func rates() {
        let economics = Self.economics()
        #expect(economics.laterLongRate == "0.26765" && economics.laterShortRate == "0.26765")
        #expect(economics.ratesDescription == "50% inclusion × 53.53% marginal rate")
    }

    static let netGainCases: [(RealizedGains, Money)] = [
        // 10,000 × 26.765% = 2,676.50; with a 2,000 loss, 8,000 × 26.765% = 2,141.20: the loss saves 535.30.
        (RealizedGains(longTermGains: 10_000), Money("2676.5")),
        (RealizedGains(longTermGains: 10_000, longTermLosses: -2_000), "2141.2"),
        // One class of gains: a gain and a loss of different terms net all the same: 4,000 × 26.765% = 1,070.60.
        (RealizedGains(shortTermGains: 5_000, longTermLosses: -1_000), "1070.6"),
        (RealizedGains(shortTermLosses: -1_000, longTermGains: 5_000), "1070.6"),
    ]

    @Test("the tax on the year's net gain, and what a loss saves", arguments: netGainCases)
    func netGain(_ realized: RealizedGains, _ tax: Money) {
        #expect(Self.economics().taxCost(realized) == tax)
    }

    @Test("losses of other years come off the net gain; what is left of them, and a net loss, carry forward")
    func carried() {
        // 3,000 brought forward against a 2,000 net gain: 2,000 used, nothing taxed, 1,000 carried on, worth
        // 1,000 × 26.765% × 0.8 = 214.12 now.
        #expect(Self.economics(broughtForward: 3_000).taxCost(RealizedGains(longTermGains: 2_000)) == "-214.12")
        // 1,000 brought forward against 5,000: (5,000 − 1,000) × 26.765% = 1,070.60.
        #expect(Self.economics(broughtForward: 1_000).taxCost(RealizedGains(longTermGains: 5_000)) == "1070.6")
        // A net loss of 1,000 never offsets other income: it is carried, −214.12.
        #expect(Self.economics().taxCost(RealizedGains(longTermGains: 500, longTermLosses: -1_500)) == "-214.12")
    }

    @Test("every loss counts, and no gain waits for a better term")
    func terms() {
        let economics = Self.economics()
        #expect(economics.lossCounts(.short) && economics.lossCounts(.long))
        #expect(economics.keepReason(term: .short, longFrom: day("2025-01-01")) == .gain)
        #expect(economics.keepReason(term: .long, longFrom: day("2023-01-01")) == .gain)
    }

    // MARK: - Through the planner

    @Test("Canada: a loss is worth the ½ inclusion × the marginal rate; the superficial-loss window and affiliated persons are warned")
    func canadaLoss() throws {
        // 10,000 of gains; loss 2,000: saves 2,000 × ½ × 40% = 400; deferred 400 / 1.05^5 = 313.41.
        let recent = [PlanRequest.Acquisition(asset: Asset("ETH"), wallet: Wallet("A"), date: day("2024-05-20"), quantity: 1, kind: .buy,
                                              transactionID: "r1")]
        let plan = HarvestPlanner.plan(PlanRequests.pooled(.canada, asOf: "2024-06-01", realized: 10_000, loss: 2_000, recent: recent))
        let trade = try #require(plan.trades.first)
        #expect(trade.taxSavedNow == 400 && trade.deferredTax.rounded(scale: 2, .halfEven) == "313.41")
        #expect(plan.doNotBuyBefore[Asset("ETH")] == day("2024-07-02"))
        let warning = try #require(plan.warnings.first { $0.hasPrefix("Canada: ETH") })
        #expect(warning.contains("2024-05-02 to 2024-07-01") && warning.contains("spouse") && warning.contains("RRSP or TFSA")
            && warning.contains("1 ETH acquired in the 30 days before"))
    }
}
