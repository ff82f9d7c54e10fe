@testable import HarvestCore
import HarvestTestSupport
import Testing

/// The exact planner (`HarvestOptimizer`): the two sets greedy selection misses, by hand; each country's kinks
/// checked against its `taxCost`; brute force over every subset (and over the points where a part of a lot meets a
/// kink) on random portfolios; raising costs never adds a trade.
struct HarvestOptimizerTests {
    static let never = { () -> TaxProfile in
        var profile = TaxProfile(shortRate: "0.35", longRate: "0.15", discountRate: "0.05", horizonYears: 5, exit: .never)
        profile.carryforwardWeight = 0
        return profile
    }()

    /// One lot of its own asset: `quantity` 1 worth `value`, bought for `value + loss`.
    static func lot(_ id: String, loss: Money, value: Money, acquired: String = "2025-01-10") -> (Lot, Asset, Price) {
        let asset = Asset(id.uppercased())
        return (HarvestPlannerTests.lot(acquired, 1, asset.symbol, "w", basis: value + loss, id: id), asset, Price(value.fixed))
    }

    static func request(_ lots: [(Lot, Asset, Price)], realizedLongTerm: Money = .zero, costs: TradingCosts) -> PlanRequest {
        PlanRequest(asOf: day("2025-06-30"), lots: lots.map(\.0), prices: Dictionary(uniqueKeysWithValues: lots.map { ($0.1, $0.2) }),
                    realizedLongTerm: realizedLongTerm, profile: never, costs: costs)
    }

    /// US, 35% / 15%, exit never (no deferred tax), carryforward worth nothing, 100 bps a round trip. 3,000 of long-term
    /// gains so far (450 of tax). Two short-term lots, each a 3,000 loss worth 46,100 (costs 461):
    /// - alone: −3,000 short against +3,000 long nets to 0: saves 450; less 461: −11. Greedy takes neither.
    /// - together: −6,000 + 3,000 = −3,000, all deducted at 35%: 450 + 1,050 = 1,500 saved, less 922: +578.
    @Test("two lots each worth −11 alone push the year into a deductible net loss together: worth +578")
    func worthMoreTogether() throws {
        let lots = [Self.lot("x", loss: 3_000, value: 46_100), Self.lot("y", loss: 3_000, value: 46_100)]
        let costs = TradingCosts(feeBasisPoints: 25, slippageBasisPoints: 25)
        let plan = HarvestPlanner.plan(Self.request(lots, realizedLongTerm: 3_000, costs: costs))
        #expect(plan.trades.map(\.lot.transactionID) == ["x", "y"])
        #expect(plan.netBenefit == 578 && plan.taxSavedNow == 1_500 && plan.tradingCosts == 922)
        // Attributed in the order chosen: x saves 450 (−11 net), y the 1,050 deduction (+589 net); each is worth 589
        // to the plan (without it the plan is the other lot alone, −11).
        #expect(plan.trades.map(\.netBenefit) == [-11, 589])
        #expect(plan.trades.map(\.contribution) == [589, 589])
        #expect(plan.trades[0].explanation.hasSuffix("net -11; worth 589 to the plan"))
        // Each alone: −11.
        for lot in lots {
            #expect(HarvestPlanner.plan(Self.request([lot], realizedLongTerm: 3_000, costs: costs)).trades.isEmpty)
        }
    }

    /// US, as above, no gains so far: the first 3,000 of net loss is deducted at 35% (1,050), beyond it nothing (the
    /// carryforward is weighted 0). A: a 3,000 loss worth 30,000 (costs 300, 10% of its loss); B and C: 1,500 losses
    /// worth 12,000 each (costs 120, 8%). Alone: A 1,050 − 300 = 750, B 525 − 120 = 405. Greedy takes A, then B and C
    /// save nothing more: 750. B and C together: 1,050 − 240 = 810, 60 more; A after them saves nothing.
    @Test("two 1,500 lots net 60 more than the one 3,000 lot greedy selection takes")
    func cheaperPair() throws {
        let lots = [Self.lot("a", loss: 3_000, value: 30_000), Self.lot("b", loss: 1_500, value: 12_000), Self.lot("c", loss: 1_500, value: 12_000)]
        let plan = HarvestPlanner.plan(Self.request(lots, costs: TradingCosts(feeBasisPoints: 25, slippageBasisPoints: 25)))
        #expect(plan.trades.map(\.lot.transactionID) == ["b", "c"])
        #expect(plan.netBenefit == 810 && plan.lossRealized == 3_000)
        let a = try #require(plan.candidates.first { $0.lot.transactionID == "a" })
        #expect(!a.chosen && a.taxSavedNow == 0 && a.netBenefit == -300)
    }

    // MARK: - The kinks

    static let jurisdictions: [Jurisdiction] = [.us, .unitedKingdom, .canada, .australia, .germany]

    /// Random years so far and profiles: each country's `taxCost` is linear between its declared kinks.
    @Test("each country's tax is linear between the kinks it declares", arguments: jurisdictions)
    func kinksAreComplete(_ jurisdiction: Jurisdiction) {
        var random = SplitMix64(state: 17)
        var checked = 0
        for _ in 0..<200 {
            let (realized, profile) = Self.year(&random)
            let economics = jurisdiction.economics(profile: profile, asOf: day("2025-06-30"))
            let kinks = economics.kinks(after: realized)
            func tax(_ s: Money, _ l: Money) -> Money { economics.taxCost(realized.adding(-s, term: .short).adding(-l, term: .long)) }
            /// Which side of each kink a point is on; nil on a line.
            func side(_ s: Money, _ l: Money) -> [Bool]? {
                var sides: [Bool] = []
                for kink in kinks {
                    let position = kink.line == .short ? s : kink.line == .long ? l : s + l
                    if position == kink.at { return nil }
                    sides.append(position > kink.at)
                }
                return sides
            }
            for _ in 0..<40 {
                // Even amounts in whole units and cents: the midpoint is exact.
                func amount() -> Money { Money(Fixed(raw: Int128(random.next() % 1_500_000) * 2 * Fixed.scale / 100)) }
                let (s1, l1, s2, l2) = (amount(), amount(), amount(), amount())
                guard let a = side(s1, l1), let b = side(s2, l2), a == b else { continue }
                let middle = tax(Money(Fixed(raw: (s1 + s2).fixed.raw / 2)), Money(Fixed(raw: (l1 + l2).fixed.raw / 2)))
                let average = Money(Fixed(raw: (tax(s1, l1) + tax(s2, l2)).fixed.raw / 2))
                #expect((middle - average).magnitude < Money(Fixed(raw: 100)), "\(jurisdiction.code) \(realized) \(kinks): (\(s1), \(l1)) – (\(s2), \(l2))")
                checked += 1
            }
            // A cliff: on the line the tax is the side with less loss's (linear with the two points before it).
            for kink in kinks where kink.isCliff && kink.at > 2 {
                let at = kink.at
                #expect(((tax(at, .zero) - tax(at - 1, .zero)) - (tax(at - 1, .zero) - tax(at - 2, .zero))).magnitude < Money(Fixed(raw: 100)))
            }
        }
        #expect(checked > 500)
    }

    /// A year so far and a profile: gains and losses of both terms, sometimes a loss carried in.
    static func year(_ random: inout SplitMix64) -> (RealizedGains, TaxProfile) {
        func hundreds(_ limit: UInt64) -> Money { Money(Fixed(Int(random.next() % limit) * 100)) }
        let realized = RealizedGains(shortTermGains: hundreds(100), shortTermLosses: -hundreds(40), longTermGains: hundreds(100),
                                     longTermLosses: -hundreds(40))
        var profile = TaxProfile(shortRate: "0.35", longRate: "0.15", discountRate: "0.05", horizonYears: 1 + Int(random.next() % 5))
        if random.next() % 2 == 0 { profile.carryforward = Carryforward(shortTerm: hundreds(50), longTerm: hundreds(50)) }
        return (realized, profile)
    }

    // MARK: - Brute force

    /// A random portfolio of up to `size` lots (some at a gain, short- and long-term), random costs and a random year.
    static func portfolio(_ jurisdiction: Jurisdiction, size: Int, _ random: inout SplitMix64) -> PlanRequest {
        let (realized, profile) = year(&random)
        var lots: [Lot] = [], prices: [Asset: Price] = [:]
        for index in 0..<(1 + Int(random.next() % UInt64(size))) {
            let asset = Asset("L\(index)")
            let value = Money(Fixed(500 + Int(random.next() % 20_000)))
            let loss = Money(Fixed(Int(random.next() % 6_000) - 500))
            let acquired = random.next() % 2 == 0 ? "2025-01-10" : "2023-04-01"
            lots.append(HarvestPlannerTests.lot(acquired, 1, asset.symbol, "w", basis: value + loss, id: "l\(index)"))
            prices[asset] = Price(value.fixed)
        }
        let bps = Fixed(Int(random.next() % 60))
        var request = PlanRequest(
            asOf: day("2025-06-30"), lots: lots, prices: prices, realizedShortTerm: realized.netShortTerm,
            realizedLongTerm: realized.netLongTerm, profile: profile, costs: TradingCosts(feeBasisPoints: bps, slippageBasisPoints: bps),
            minimumBenefitPerTrade: -1_000_000_000, minimumBenefitTotal: -1_000_000_000, jurisdiction: jurisdiction)
        request.realizedShortTermLosses = realized.shortTermLosses
        request.realizedLongTermLosses = realized.longTermLosses
        if random.next() % 4 == 0 { request.realizeLoss = Money(Fixed(Int(random.next() % 8_000))) }
        return request
    }

    /// The value of selling `fractions` of the losers, computed from the rules directly: the tax before less after,
    /// less each lot's deferred tax, restart and round trip, pro rata.
    struct Independent {
        let request: PlanRequest
        let economics: any HarvestEconomics
        let realized: RealizedGains
        /// Each loser's term, loss and full cost.
        var losers: [(term: Term, loss: Money, cost: Money)] = []

        init(_ request: PlanRequest) {
            self.request = request
            economics = request.jurisdiction.economics(profile: request.profile, asOf: request.asOf)
            realized = RealizedGains(netShortTerm: request.realizedShortTerm, shortTermLosses: request.realizedShortTermLosses,
                                     netLongTerm: request.realizedLongTerm, longTermLosses: request.realizedLongTermLosses)
            let factor = request.profile.discountFactor(years: request.profile.horizonYears)
            for lot in request.lots {
                let value = request.prices[lot.asset]! * lot.quantity
                let loss = lot.costBasis - value
                let term: Term = lot.dateAcquired < day("2024-06-30") ? .long : .short
                guard loss.isPositive, economics.lossCounts(term) else { continue }
                var cost = request.costs.roundTrip(value)
                if request.profile.exit == .sell {
                    cost += loss.multiplied(by: economics.laterLongRate, rounding: .halfEven).multiplied(by: factor, rounding: .halfEven)
                }
                losers.append((term, loss, cost))
            }
        }

        func value(_ fractions: [Fixed]) -> (value: Money, loss: Money) {
            var after = realized, cost = Money.zero, total = Money.zero
            for (loser, fraction) in zip(losers, fractions) where fraction.isPositive {
                let loss = loser.loss.multiplied(by: fraction, rounding: .halfEven)
                after.add(-loss, term: loser.term)
                cost += loser.cost.multiplied(by: fraction, rounding: .halfEven)
                total += loss
            }
            return (economics.taxCost(realized) - economics.taxCost(after) - cost, total)
        }

        /// The best over every subset, and (with `partials`) over one lot of each term in part where the totals meet a
        /// kink (or a cent past a cliff) or the loss target: where a maximum of a piecewise-linear function lies.
        func best(partials: Bool) -> (subsets: Money, all: Money) {
            var bestSubset = Money.zero, best = Money.zero
            let count = losers.count
            let kinks = economics.kinks(after: realized)
            var lines: [(line: TaxKink.Line, at: Money)] = kinks.flatMap { kink in
                kink.isCliff ? [(kink.line, kink.at), (kink.line, kink.at + HarvestOptimizer.pastCliff)] : [(kink.line, kink.at)]
            }
            if let target = request.realizeLoss { lines.append((.total, target)) }
            func consider(_ fractions: [Fixed]) {
                let (value, loss) = self.value(fractions)
                if let target = request.realizeLoss, loss > target + Money("0.000000001") { return }
                best = max(best, value)
            }
            for mask in 0..<(1 << count) {
                let fractions = (0..<count).map { mask & (1 << $0) != 0 ? Fixed.one : .zero }
                let (value, loss) = self.value(fractions)
                if request.realizeLoss.map({ loss <= $0 }) ?? true { bestSubset = max(bestSubset, value) }
                consider(fractions)
                guard partials else { continue }
                let (short, long) = totals(fractions)
                for part in 0..<count where fractions[part].isZero {
                    for line in lines where line.line == .total || line.line == losers[part].term.kinkLine {
                        let base = line.line == .short ? short : line.line == .long ? long : short + long
                        let needed = line.at - base
                        guard needed.isPositive, needed < losers[part].loss else { continue }
                        var with = fractions
                        with[part] = needed.fixed.divided(by: losers[part].loss.fixed, rounding: .up)
                        consider(with)
                    }
                }
                // A short and a long part meeting where two lines cross.
                for part in 0..<count where fractions[part].isZero && losers[part].term == .short {
                    for other in 0..<count where fractions[other].isZero && losers[other].term == .long {
                        for first in lines {
                            for second in lines where first.line != second.line {
                                let point: (short: Money, long: Money)
                                switch (first.line, second.line) {
                                case (.short, .long): point = (first.at, second.at)
                                case (.short, .total): point = (first.at, second.at - first.at)
                                case (.long, .total): point = (second.at - first.at, first.at)
                                default: continue
                                }
                                let (needShort, needLong) = (point.short - short, point.long - long)
                                guard needShort.isPositive, needShort < losers[part].loss, needLong.isPositive,
                                      needLong < losers[other].loss else { continue }
                                var with = fractions
                                with[part] = needShort.fixed.divided(by: losers[part].loss.fixed, rounding: .up)
                                with[other] = needLong.fixed.divided(by: losers[other].loss.fixed, rounding: .up)
                                consider(with)
                            }
                        }
                    }
                }
            }
            return (bestSubset, best)
        }

        func totals(_ fractions: [Fixed]) -> (short: Money, long: Money) {
            var short = Money.zero, long = Money.zero
            for (loser, fraction) in zip(losers, fractions) where fraction.isPositive {
                if loser.term == .short { short += loser.loss } else { long += loser.loss }
            }
            return (short, long)
        }
    }

    @Test("the plan's value is at least every subset's, and the best of an independent search over parts of lots", arguments: jurisdictions)
    func bruteForce(_ jurisdiction: Jurisdiction) {
        var random = SplitMix64(state: 1_001)
        let tolerance = Money("0.000001")
        for trial in 0..<60 {
            let request = Self.portfolio(jurisdiction, size: trial < 20 ? 12 : 7, &random)
            let plan = HarvestPlanner.plan(request)
            let independent = Independent(request)
            let (subsets, all) = independent.best(partials: trial >= 20)
            #expect(plan.netBenefit >= subsets - tolerance, "trial \(trial): plan \(plan.netBenefit) < best subset \(subsets)")
            if trial >= 20 {
                #expect((plan.netBenefit - all).magnitude <= Money("0.01"), "trial \(trial): plan \(plan.netBenefit), independent \(all)")
            }
            // The figures add up, and to what the rules say the chosen sales are worth.
            #expect(plan.trades.reduce(Money.zero) { $0 + $1.netBenefit } == plan.netBenefit)
            if let target = request.realizeLoss { #expect(plan.lossRealized <= target) }
        }
    }

    /// Raising the trading costs (exit never: they are each lot's only cost) scales every lot's cost by the same factor:
    /// the lots keep their order, and the optimum's total cost can only fall (revealed preference: V₁(p₁) ≥ V₁(p₂) and
    /// V₂(p₂) ≥ V₂(p₁) add up to (λ₂ − λ₁)(C(p₁) − C(p₂)) ≥ 0), so a country whose tax depends on the total loss alone
    /// takes a shorter prefix of the same order. (Costs that change the lots' order can change which lots realize a
    /// loss: at 0 bps a single large lot, at 5 bps two small ones with less value to trade per unit of loss.)
    @Test("raising costs never adds a trade", arguments: jurisdictions)
    func costsNeverAddTrades(_ jurisdiction: Jurisdiction) {
        var random = SplitMix64(state: 4_242)
        for _ in 0..<80 {
            var request = Self.portfolio(jurisdiction, size: 10, &random)
            request.profile.exit = .never
            if random.next() % 2 == 0 { request.minimumBenefitPerTrade = 10 }
            var previous = Int.max, before = ""
            for bps in [1, 5, 10, 20, 40, 80, 160] {
                request.costs = TradingCosts(feeBasisPoints: Fixed(bps), slippageBasisPoints: Fixed(bps))
                let plan = HarvestPlanner.plan(request)
                let count = plan.trades.count
                let now = plan.trades.map { "\($0.lot.transactionID) \($0.term) \($0.loss)/\(-($0.unrealized ?? .zero)) v\($0.value!)" }.joined(separator: "; ")
                #expect(count <= previous, "\(jurisdiction.code) at \(bps) bps: \(count) trades, more than \(previous): [\(before)] -> [\(now)] min \(request.minimumBenefitPerTrade) realized \(request.realizedShortTerm) \(request.realizedShortTermLosses) \(request.realizedLongTerm) \(request.realizedLongTermLosses) cf \(request.profile.carryforward) target \(String(describing: request.realizeLoss)) h\(request.profile.horizonYears)")
                previous = count
                before = now
            }
        }
    }
}

extension Term {
    var kinkLine: TaxKink.Line { self == .short ? .short : .long }
}
