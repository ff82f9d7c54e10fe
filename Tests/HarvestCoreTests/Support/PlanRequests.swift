import HarvestCore
import HarvestTestSupport

/// Plan requests for the countries' planner tests (Jurisdictions/<country>/*EconomicsTests.swift): no trading costs
/// unless a test says otherwise, so that each figure is the tax arithmetic alone.
enum PlanRequests {
    static let free = TradingCosts(feeBasisPoints: 0, slippageBasisPoints: 0)

    static func lot(_ date: String, _ quantity: Quantity, _ asset: String, _ wallet: String, basis: Money, id: String) -> Lot {
        HarvestPlannerTests.lot(date, quantity, asset, wallet, basis: basis, id: id)
    }

    /// One pooled holding of 10 ETH costing 20,000 + `loss`, worth 20,000 (the UK and Canada), with `realized` gains so
    /// far; 40% marginal rate, 20% long rate, 5% discount, 5 years.
    static func pooled(
        _ jurisdiction: Jurisdiction, asOf: String, realized: Money, loss: Money, band: RateBand = .upper,
        recent: [PlanRequest.Acquisition] = []
    ) -> PlanRequest {
        var profile = TaxProfile(shortRate: "0.40", longRate: "0.20", discountRate: "0.05", horizonYears: 5)
        profile.rateBand = band
        var request = PlanRequest(
            asOf: day(asOf), lots: [lot("2023-01-02", 10, "ETH", "A", basis: 20_000 + loss, id: "pool")],
            prices: [Asset("ETH"): 2_000], realizedLongTerm: realized, profile: profile, costs: free, minimumBenefitPerTrade: 1,
            jurisdiction: jurisdiction, washSale: jurisdiction.washSale, recentAcquisitions: recent)
        request.minimumBenefitTotal = .zero
        return request
    }

    /// BTC `lots` priced `price` on `asOf`, with the year's results so far (Australia, Germany).
    static func lots(
        _ jurisdiction: Jurisdiction, asOf: String, lots: [Lot], price: Price = 10_000, realized: RealizedGains = RealizedGains(),
        profile: TaxProfile
    ) -> PlanRequest {
        var request = PlanRequest(
            asOf: day(asOf), lots: lots, prices: [Asset("BTC"): price], realizedShortTerm: realized.netShortTerm,
            realizedLongTerm: realized.netLongTerm, profile: profile, costs: free, jurisdiction: jurisdiction)
        request.realizedShortTermLosses = realized.shortTermLosses
        request.realizedLongTermLosses = realized.longTermLosses
        return request
    }
}
