/// What kind of property an asset is for the tax rules: wash-sale rules reach some classes and not others.
public enum AssetClass: String, Sendable, Hashable, CaseIterable, Codable {
    /// Cryptocurrency held directly: property (IRS Notice 2014-21), outside §1091 in the prevailing view.
    case crypto
    /// Stock or securities, including crypto ETFs and ETPs: inside §1091.
    case security
}

/// A wash-sale rule as a value (one jurisdiction and its asset classes): the window around a loss sale,
/// which acquisitions count as replacements, and what a match does.
public struct WashSaleRule: Sendable, Hashable {
    /// Calendar days before and after the sale in which an acquisition counts (US: 30 and 30, a 61-day window).
    public var daysBefore: Int
    public var daysAfter: Int
    /// The asset classes the rule reaches.
    public var appliesTo: Set<AssetClass>
    /// Groups of assets that are substantially identical to each other (e.g. BTC, WBTC, cbBTC). An asset in no
    /// group is identical only to itself.
    public var identicalGroups: [[Asset]]
    /// What a match does.
    public var effect: Effect
    /// The transaction kinds whose acquisitions are replacements: purchases and exchanges (§1091(a) "acquired
    /// by purchase or by an exchange"). Income such as staking rewards is not a purchase.
    public var replacementKinds: Set<TransactionKind>

    public enum Effect: String, Sendable, Hashable {
        /// US §1091: the loss is disallowed in proportion to the replacement units, added to their basis, and
        /// the sold units' holding period is tacked onto theirs (§1091(d), §1223(3)).
        case disallowAndDefer
        /// Only warn (rules that are not mechanical, or not modelled yet).
        case advise
        /// Canada's superficial loss: the loss is denied in CRA's proportion min(sold, acquired in the window,
        /// held at its end) ÷ sold and added to the pool's adjusted cost base (`Canada.superficialLoss`).
        case denySuperficialLoss
    }

    public init(
        daysBefore: Int = 30, daysAfter: Int = 30, appliesTo: Set<AssetClass>, identicalGroups: [[Asset]] = [],
        effect: Effect, replacementKinds: Set<TransactionKind> = [.buy, .trade]
    ) {
        self.daysBefore = daysBefore
        self.daysAfter = daysAfter
        self.appliesTo = appliesTo
        self.identicalGroups = identicalGroups
        self.effect = effect
        self.replacementKinds = replacementKinds
    }

    /// The identity an asset shares with the assets substantially identical to it.
    public func identity(of asset: Asset) -> String {
        for group in identicalGroups where group.contains(asset) { return group.map(\.symbol).sorted().joined(separator: "=") }
        return asset.symbol
    }

    /// The acquisitions of `request` this rule counts against a sale of `asset` on the plan's day: of its replacement
    /// kinds, of an asset substantially identical to `asset`, from `daysBefore` before the day through the day.
    public func acquisitions(of asset: Asset, in request: PlanRequest) -> [PlanRequest.Acquisition] {
        let identity = identity(of: asset), from = request.asOf.adding(days: -daysBefore)
        return request.recentAcquisitions.filter {
            replacementKinds.contains($0.kind) && self.identity(of: $0.asset) == identity && $0.date >= from && $0.date <= request.asOf
        }
    }

    /// The same window and reach, only advised on: what another country's user is told about this rule.
    public var asAdvice: WashSaleRule {
        var rule = self
        rule.effect = .advise
        return rule
    }

    /// The same rule extended to crypto held as property: for users who want to be conservative, or to model
    /// the proposed extensions of §1091 to digital assets (not enacted).
    public var includingCrypto: WashSaleRule {
        var rule = self
        rule.appliesTo.insert(.crypto)
        return rule
    }
}

/// The asset class of each asset: crypto unless listed.
public struct AssetClasses: Sendable, Hashable {
    public var classes: [Asset: AssetClass]
    public init(_ classes: [Asset: AssetClass] = [:]) { self.classes = classes }
    public func of(_ asset: Asset) -> AssetClass { classes[asset] ?? .crypto }
}

/// What users of other jurisdictions are told about one jurisdiction's wash-sale-style rule (`--warn-for CODE`): its
/// window as a rule to respect, and a note on what it does.
public struct AdvisoryRule: Sendable, Hashable {
    /// How the advice names the country (`UK`).
    public var name: String
    public var rule: WashSaleRule
    public var note: String

    public init(name: String, rule: WashSaleRule, note: String) {
        self.name = name
        self.rule = rule
        self.note = note
    }

    /// The advice on buying back `asset` after selling it on the plan's day: the first day outside the window, and the
    /// units already acquired in the window before that count against the sale.
    public func advice(for asset: Asset, request: PlanRequest) -> String {
        let units = rule.acquisitions(of: asset, in: request).reduce(Quantity.zero) { $0 + $1.quantity }
        var text = "\(name): \(asset): \(note); do not buy back before \(request.asOf.adding(days: rule.daysAfter + 1))"
        if units.isPositive { text += "; \(units) acquired in the \(rule.daysBefore) days before already count" }
        return text
    }
}
