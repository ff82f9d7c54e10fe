import HarvestCore
import Testing

/// Plans of random 2,000-lot portfolios, pinned to what the planner gave before its speed-up (issue 15: the valuation,
/// the lot order, the choice's order and the plan's order were restructured so that a plan over 100,000 lots takes under
/// 250 ms; every lot's line, quantity and figure had to stay as it was). Each case is a digest (FNV-1a) of every
/// candidate's fields and explanation, in the plan's order, then the plan's totals and warnings, under one of the
/// planner's settings: lot methods, the per-trade minimum, a loss target, wash sales, timing, each country.
///
/// A deliberate change of what the planner decides changes these digests: check that the change is meant, then take the
/// new values from the failing cases' messages.
struct HarvestPlanPinnedTests {
    static let expected: [String: String] = [
        "1 default": "fb4aeaa1e4732288",
        "1 min200": "ad6f6d0013f1d5ce",
        "1 target": "def42f930056416f",
        "1 fifo": "807c207cb97f4165",
        "1 lifo": "6eb27d4a35be067f",
        "1 hifo": "2206b2a7d38a79b0",
        "1 specific": "859e1e54762dc35e",
        "1 fifo universal": "8e94413f62d24080",
        "1 short horizon": "f6b869d570fc9ea",
        "1 exit never": "275a1553d1a1477",
        "1 wallet costs": "7147285ac993dcc9",
        "1 au": "e5d1bedf099d2cc2",
        "1 ca": "4caa5576d5b3a0ee",
        "1 de": "fdb97a52d5669911",
        "1 uk": "fd430fd1e965aa69",
        "1 us": "fb4aeaa1e4732288",
        "1 wash": "b60a1f9550950744",
        "1 timing": "29a0345dd2b46637",
        "1 min total": "d78a99b31a459ea2",
        "2 default": "78144e72ee7c54f8",
        "2 min200": "daba36a8739391b9",
        "2 target": "5fc2d865b6cfa78b",
        "2 fifo": "b1c7323aa55f6875",
        "2 lifo": "9d30c6255cf74238",
        "2 hifo": "b53da84b93e34743",
        "2 specific": "54d0c2f3808a0314",
        "2 fifo universal": "987764c27a1d7d7c",
        "2 short horizon": "d7d72de92343d220",
        "2 exit never": "ef9112728eaa53b2",
        "2 wallet costs": "e5d116a3fc66e514",
        "2 au": "6da194222ab482c2",
        "2 ca": "2e1f76d85f85fc54",
        "2 de": "9ffaf970218d9893",
        "2 uk": "b6c74ffa0e14bfcb",
        "2 us": "78144e72ee7c54f8",
        "2 wash": "827f9b7fc62532f8",
        "2 timing": "d5393e39332f7ba3",
        "2 min total": "d04ed975d6ea1bf0",
        "3 default": "325e3e7863b355c0",
        "3 min200": "7cb342b9aa6d1e83",
        "3 target": "9eb4838562b5e861",
        "3 fifo": "33de9a519332f297",
        "3 lifo": "7e00f073d6c12110",
        "3 hifo": "7e6e8e7d202b3a22",
        "3 specific": "94878ad524549079",
        "3 fifo universal": "873ddee7eb74213c",
        "3 short horizon": "970bdeb9d32bbb06",
        "3 exit never": "f10d709afc64d8d4",
        "3 wallet costs": "423b9874889b0b8d",
        "3 au": "f231164fb4db3663",
        "3 ca": "a426ec44390922af",
        "3 de": "9024b9d6222ec4a6",
        "3 uk": "a5611b5ca36f6746",
        "3 us": "325e3e7863b355c0",
        "3 wash": "3117ab9666972c3b",
        "3 timing": "d085ec85ebaa501",
        "3 min total": "d6b61fb95e32e713",
    ]

    static let names = ["default", "min200", "target", "fifo", "lifo", "hifo", "specific", "fifo universal", "short horizon",
                        "exit never", "wallet costs", "au", "ca", "de", "uk", "us", "wash", "timing", "min total"]

    @Test("a random 2,000-lot plan is as it was before the speed-up", arguments: 1...3, names)
    func pinned(seed: Int, name: String) throws {
        let request = try #require(Self.requests[seed - 1][name])
        let digest = Self.digest(HarvestPlanner.plan(request))
        let key = "\(seed) \(name)"
        #expect(digest == Self.expected[key], "\(key): digest \(digest)")
    }

    /// Each seed's requests, made once.
    static let requests = (1...3).map { variants(seed: UInt64($0)) }

    /// `lots` open lots of `assets` assets in `wallets` wallets, as of 2024-08-05, with 120 days of random-walk closes
    /// (the benchmark's portfolio, smaller): about half the lots at a loss, held from one day to about 2.5 years.
    static func portfolio(lots lotCount: Int, assets assetCount: Int, wallets: Int, seed: UInt64) -> PlanRequest {
        var random = SplitMix64(state: seed)
        let asOf = CivilDate(year: 2024, month: 8, day: 5)!
        let assets = (0..<assetCount).map { Asset("A\($0)") }
        var book = PriceBook()
        var closes: [Asset: Price] = [:]
        for asset in assets {
            var price = Fixed(100 + Int(random.next() % 900))
            var points: [(CivilDate, Price)] = []
            for offset in (0...120).reversed() {
                points.append((asOf.adding(days: -offset), Price(price)))
                let step = Fixed(raw: Fixed.scale + (Int128(random.next() % 801) - 400) * 100_000_000_000_000)
                price = price.multiplied(by: step, rounding: .halfEven).rounded(scale: 6, .halfEven)
            }
            book.set(asset, PriceSeries(points))
            closes[asset] = points.last!.1
        }
        var lots: [Lot] = []
        for index in 0..<lotCount {
            let asset = assets[Int(random.next() % UInt64(assetCount))]
            let acquired = asOf.adding(days: -Int(random.next() % 900) - 1)
            let quantity = Quantity(Fixed(1 + Int(random.next() % 50)))
            let unitCost = closes[asset]!.fixed.multiplied(
                by: Fixed(raw: Fixed.scale / 2 + Int128(random.next() % 1000) * Fixed.scale / 1000), rounding: .halfEven)
            lots.append(Lot(asset: asset, wallet: Wallet("w\(index % wallets)"), quantity: quantity,
                            costBasis: Money(unitCost.multiplied(by: quantity.fixed, rounding: .halfEven)), acquiredAt: Instant(date: acquired),
                            dateAcquired: acquired, holdingStart: acquired, transactionID: "lot\(index)"))
        }
        var request = PlanRequest(asOf: asOf, lots: lots, prices: closes, realizedShortTerm: 50_000, realizedLongTerm: 20_000)
        request.priceHistory = book
        return request
    }

    /// The settings each case plans under, on the portfolio of `seed`.
    static func variants(seed: UInt64) -> [String: PlanRequest] {
        var variants: [String: PlanRequest] = [:]
        var base = portfolio(lots: 2_000, assets: 7, wallets: 3, seed: seed)
        base.priceHistory = nil
        base.realizedShortTerm = Money(Fixed(Int(seed) * 1000 - 3000))
        base.realizedLongTerm = Money(Fixed(2000 - Int(seed) * 700))
        variants["default"] = base
        variants["min200"] = { var r = base; r.minimumBenefitPerTrade = 200; return r }()
        variants["target"] = { var r = base; r.realizeLoss = Money(Fixed(5000 * Int(seed))); return r }()
        for method in [LotMethod.fifo, .lifo, .hifo, .specific] {
            variants["\(method)"] = { var r = base; r.lotMethod = method; return r }()
        }
        variants["fifo universal"] = { var r = base; r.lotMethod = .fifo; r.basisScope = .universal; return r }()
        variants["short horizon"] = { var r = base; r.profile.horizonYears = 0; return r }()
        variants["exit never"] = { var r = base; r.profile.exit = .never; return r }()
        variants["wallet costs"] = { var r = base; r.costsByWallet = [Wallet("w1"): TradingCosts(feeBasisPoints: 50, slippageBasisPoints: 10)]; return r }()
        for code in Jurisdiction.all.keys {
            variants[code] = { var r = base; r.jurisdiction = Jurisdiction.all[code]!; r.jurisdiction.baseCurrency = .usd; return r }()
        }
        // Units of A0 and A1 bought in the 25 days before the day replace the units a harvest of them sells.
        variants["wash"] = {
            var r = base
            r.washSale = WashSaleRule.unitedStates.includingCrypto
            r.recentAcquisitions = base.lots.filter { base.asOf.days(to: $0.dateAcquired) > -25 && ($0.asset == Asset("A0") || $0.asset == Asset("A1")) }
                .map { .init(asset: $0.asset, wallet: $0.wallet, date: $0.dateAcquired, quantity: $0.quantity, kind: .buy, transactionID: $0.transactionID) }
            return r
        }()
        variants["timing"] = {
            var r = portfolio(lots: 2_000, assets: 7, wallets: 3, seed: seed)
            r.timing = HarvestTiming()
            r.realizedShortTerm = base.realizedShortTerm
            return r
        }()
        variants["min total"] = { var r = base; r.minimumBenefitTotal = 100_000; return r }()
        return variants
    }

    /// FNV-1a over every candidate's fields and explanation in the plan's order, then the totals, warnings and
    /// do-not-buy-before dates.
    static func digest(_ plan: HarvestPlan) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String) {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0xff) &* 0x100_0000_01b3
        }
        for c in plan.candidates {
            add(c.lot.transactionID)
            add("\(c.quantityToSell) \(c.loss) \(c.disallowedLoss) \(c.contribution) \(c.taxSavedNow) \(c.deferredTax) \(c.restartCost) "
                + "\(c.tradingCosts) \(c.netBenefit) \(c.chosen) \(c.term) \(c.daysToLongTerm) \(String(describing: c.value)) "
                + "\(String(describing: c.unrealized)) \(String(describing: c.lossCountsUntil))")
            add(c.explanation)
        }
        add("\(plan.lossRealized) \(plan.taxSavedNow) \(plan.deferredTax) \(plan.restartCost) \(plan.tradingCosts) \(plan.netBenefit)")
        for warning in plan.warnings { add(warning) }
        for (asset, date) in plan.doNotBuyBefore.sorted(by: { $0.key < $1.key }) { add("\(asset) \(date)") }
        return String(hash, radix: 16)
    }
}
