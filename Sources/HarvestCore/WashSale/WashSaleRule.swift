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
        /// held at its end) ÷ sold and added to the pool's adjusted cost base (`Jurisdiction.canada`).
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

    /// IRC §1091 as the IRS applies it: 30 days before and after, loss disallowed and deferred into the
    /// replacement; securities only. Wrapped tokens of the same coin are grouped as identical by default.
    public static let unitedStates = WashSaleRule(
        appliesTo: [.security],
        identicalGroups: [[Asset("BTC"), Asset("WBTC"), Asset("CBBTC")], [Asset("ETH"), Asset("WETH")]],
        effect: .disallowAndDefer)

    /// The UK's matching rules (TCGA s.106A; HMRC CRYPTO22200 on): a disposal is matched with acquisitions of the
    /// same token in the 30 days after it, before the pool, so a quick repurchase erases the loss ("bed and
    /// breakfasting"). The UK engine applies it as matching (`MatchingRule.ukShareIdentification`); this value is
    /// the advice: the window, for warnings and do-not-buy-back dates.
    public static let unitedKingdom = WashSaleRule(
        daysBefore: 0, daysAfter: 30, appliesTo: [.crypto, .security], effect: .advise, replacementKinds: [.buy, .trade, .income])

    /// Canada's superficial loss (ITA s.54, s.40(2)(g)(i)): identical property bought 30 days before or after by
    /// the taxpayer or an affiliated person, and still held 30 days after, denies the loss. Advice for other
    /// jurisdictions' users (`--warn-for ca`); the Canadian engine applies `canadaSuperficialLoss`.
    public static let canada = WashSaleRule(
        daysBefore: 30, daysAfter: 30, appliesTo: [.crypto, .security], effect: .advise, replacementKinds: [.buy, .trade, .income])

    /// Australia has no mechanical window: under TR 2008/1 a sale and repurchase with no change of exposure may be
    /// a wash sale (Part IVA). Advised over 30 days either side, as a practical flag.
    public static let australia = WashSaleRule(
        daysBefore: 30, daysAfter: 30, appliesTo: [.crypto, .security], effect: .advise, replacementKinds: [.buy, .trade, .income])

    /// Rules to advise on by country code, besides the jurisdiction's own.
    public static let advisory: [String: (name: String, rule: WashSaleRule, note: String)] = [
        "uk": ("UK", .unitedKingdom, "a repurchase within 30 days after a sale is matched to it and erases the loss; wait 31 days or buy a different token"),
        "ca": ("Canada", .canada, "a superficial loss: bought within 30 days before or after (you or an affiliated person, such as a spouse) and still held 30 days after"),
        "au": ("Australia", .australia, "TR 2008/1: a sale and quick repurchase with no change of exposure can be cancelled as a wash sale"),
    ]

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
