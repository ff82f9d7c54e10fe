import HarvestCore
import HarvestTestSupport
import Testing

// The plans the plan report tests print: each request written by hand, its lots made by the real engine from rows, so
// the report is only ever given what `harvest plan` would give it.

enum PlanRequests {
    /// README "The value model": the demo's plan for 30 June 2025 (single, 35% short, 15% long, costs 10 + 20 bps each way:
    /// 60 bps a round trip), the year so far a long-term loss of 878.96. The lots, all in `coinbase`:
    /// - e1: 1.5 ETH bought 2022-01-12 for 5,024.88, worth 1.5 × 2,450 = 3,675.00: a long-term loss of 1,349.88.
    /// - e2: 1 ETH bought 2025-02-10 for 2,713.50, worth 2,450: a short-term loss of 263.50.
    /// - b1: 0.1 BTC bought 2023-05-01 for 3,000, worth 0.1 × 60,000 = 6,000: a gain of 3,000, never sold.
    /// - d1: 1,000 DOGE bought 2024-11-20 for 150: no price, not valued.
    /// - i1: 0.2 ETH bought 2025-06-15 for 480, now 0.2 × 2,450 = 490: a gain of 10.
    /// That purchase is also a recent acquisition: 15 days before the plan, inside the US rule's 30 days.
    static func readme(_ profile: TaxProfile) throws -> PlanRequest {
        let lots = try Books([
            Row.buy("e1", "2022-01-12", "1.5", "ETH", cost: "5024.88", wallet: "coinbase"),
            Row.buy("b1", "2023-05-01", "0.1", "BTC", cost: 3000, wallet: "coinbase"),
            Row.buy("d1", "2024-11-20", 1000, "DOGE", cost: 150, wallet: "coinbase"),
            Row.buy("e2", "2025-02-10", 1, "ETH", cost: "2713.50", wallet: "coinbase"),
            Row.buy("i1", "2025-06-15", "0.2", "ETH", cost: 480, wallet: "coinbase"),
        ], .us).result.openLots
        return PlanRequest(
            asOf: day("2025-06-30"), lots: lots, prices: [Asset("ETH"): 2450, Asset("BTC"): 60000], realizedLongTerm: "-878.96",
            profile: profile, costs: TradingCosts(feeBasisPoints: 10, slippageBasisPoints: 20), jurisdiction: .us,
            recentAcquisitions: [
                .init(asset: Asset("ETH"), wallet: Wallet("coinbase"), date: day("2025-06-15"), quantity: "0.2", kind: .buy,
                      transactionID: "i1")
            ])
    }

    /// The README's profile: 5% discount, a 5-year horizon: 1 / 1.05^5 = 1 / 1.2762815625.
    static let readmeProfile = TaxProfile(shortRate: "0.35", longRate: "0.15", discountRate: "0.05", horizonYears: 5)

    /// The same rates with a 25% discount over 2 years: 1 / 1.25² = 0.64 exactly, so that every exact amount in the JSON
    /// is short enough to check by hand.
    static let exactProfile = TaxProfile(shortRate: "0.35", longRate: "0.15", discountRate: "0.25", horizonYears: 2)

    /// Daily closes from 2025-06-06 (day 0) to 2025-06-30 (day 24): 24 daily returns each.
    /// - ETH, and WETH (substantially identical to it under the US rule) alike: 2,450 on even days, 2,695 (2,450 × 1.1) on
    ///   odd days: returns up (+10%) on odd days, down (−1/11) on even days.
    /// - LINK: 100, 125, 100, 125, 100, 125, 100, 80, then again every 8 days: returns +25% or −20%, whose signs against
    ///   ETH's over each 8 days are + − + − + − − + against + − + − + − + −.
    /// - SOL: 150 on even days, 120 on odd days: down when ETH is up.
    static func history() -> PriceBook {
        let start = day("2025-06-06")
        let link: [Price] = [100, 125, 100, 125, 100, 125, 100, 80]
        func series(_ close: (Int) -> Price) -> PriceSeries { PriceSeries((0...24).map { (start.adding(days: $0), close($0)) }) }
        var book = PriceBook()
        book.set(Asset("ETH"), series { $0 % 2 == 0 ? 2450 : 2695 })
        book.set(Asset("WETH"), series { $0 % 2 == 0 ? 2450 : 2695 })
        book.set(Asset("LINK"), series { link[$0 % 8] })
        book.set(Asset("SOL"), series { $0 % 2 == 0 ? 150 : 120 })
        return book
    }

    /// Germany, 30 June 2025, personal rate 42%, 1,200 EUR of private-sale gains within one year so far (taxable in full:
    /// at or above the 1,000 EUR Freigrenze of 2025). The lots, all in wallet A:
    /// - s1: 10 SOL bought 2025-02-01 for 2,000, worth 10 × 150 = 1,500: a loss of 500 within the year.
    /// - a1: 1,000 ADA bought 2022-05-01 for 800, worth 1,000 × 0.50 = 500: a loss of 300 held over one year.
    /// - b1: 1 BTC bought 2023-03-01 for 20,000, worth 60,000: a gain of 40,000 held over one year (tax-free).
    /// - e1: 2 ETH bought 2025-01-15 for 4,000, worth 2 × 2,450 = 4,900: a gain of 900 within the year.
    static func germany() throws -> PlanRequest {
        let eur = Local(.germany)
        let lots = try Books([
            eur.buy("a1", "2022-05-01", 1000, "ADA", cost: 800),
            eur.buy("b1", "2023-03-01", 1, "BTC", cost: 20000),
            eur.buy("e1", "2025-01-15", 2, "ETH", cost: 4000),
            eur.buy("s1", "2025-02-01", 10, "SOL", cost: 2000),
        ], .germany).result.openLots
        return PlanRequest(
            asOf: day("2025-06-30"), lots: lots, prices: [Asset("SOL"): 150, Asset("ADA"): "0.5", Asset("BTC"): 60000, Asset("ETH"): 2450],
            realizedShortTerm: 1200, profile: TaxProfile(shortRate: "0.42"), costs: TradingCosts(feeBasisPoints: 10, slippageBasisPoints: 20),
            jurisdiction: .germany)
    }
}
