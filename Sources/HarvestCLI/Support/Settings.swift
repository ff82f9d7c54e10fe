import Foundation
import HarvestCore
import HarvestImport

/// A bad value in the settings, naming the key.
struct SettingsError: Error, CustomStringConvertible {
    var key: String
    var value: String
    var expected: String
    var description: String { "setting \(key) = '\(value)': expected \(expected)" }
}

/// The user's settings, as stored in the database (`harvest settings set KEY VALUE`).
struct Settings {
    var policy = AccountingPolicy()
    var zone = TaxTimeZone.utc
    var filing = FilingStatus.single
    /// Loss carried into the first year of the data from earlier years.
    var carryforward = Carryforward.none
    /// The tax rules chosen (`jurisdiction`), before the base-currency setting.
    var rules = Jurisdiction.us
    /// The user's base currency when it is not the jurisdiction's own (`base-currency`).
    var baseCurrency: Asset?
    /// The jurisdiction in force: its rules, in the user's base currency.
    var jurisdiction: Jurisdiction {
        get {
            var jurisdiction = rules
            if let baseCurrency { jurisdiction.baseCurrency = baseCurrency }
            return jurisdiction
        }
        set { rules = newValue }
    }
    /// Apply the wash-sale rule to crypto held as property too.
    var washSaleCrypto = false
    var assetClasses = AssetClasses()
    /// User groups of substantially identical assets, by name.
    var identicalGroups: [String: [Asset]] = [:]
    /// Rates and assumptions for valuing a harvest (`harvest profile set`); filing status and carryforward
    /// are the ones above.
    var profile = TaxProfile()
    var costs = TradingCosts()
    /// How deposits and withdrawals are matched into transfers (`transfer-*`, `wrap-as-trade`).
    var transferRules = TransferRules()
    /// User groups of assets that are one asset for transfers (wrapped, bridged), by name.
    var transferEquivalents: [String: [Asset]] = [:]

    /// The matching rules with the user's equivalence groups added.
    var effectiveTransferRules: TransferRules {
        var rules = transferRules
        for (_, group) in transferEquivalents.sorted(by: { $0.key < $1.key }) {
            rules.equivalents.removeAll { $0.contains(where: group.contains) }
            rules.equivalents.append(group)
        }
        return rules
    }

    /// The wash-sale rule in force: the jurisdiction's, with the user's groups and the crypto setting.
    var washSale: WashSaleRule? {
        guard var rule = jurisdiction.washSale else { return nil }
        if washSaleCrypto { rule = rule.includingCrypto }
        for (_, group) in identicalGroups.sorted(by: { $0.key < $1.key }) {
            rule.identicalGroups.removeAll { $0.contains(where: group.contains) }
            rule.identicalGroups.append(group)
        }
        return rule
    }

    /// The policy to replay with: the accounting choices plus the wash-sale rule and asset classes.
    var effectivePolicy: AccountingPolicy {
        var policy = self.policy
        policy.washSale = washSale
        policy.assetClasses = assetClasses
        policy.transferRules = effectiveTransferRules
        return policy
    }

    /// Every key with what it takes, for `harvest settings` and for messages.
    static let keys: [(key: String, help: String)] = [
        ("method", "lot selection for every year: fifo (default), lifo, hifo, specific"),
        ("method.YYYY", "lot selection for one tax year, e.g. method.2024 hifo"),
        ("scope", "wallet (default: basis tracked wallet by wallet, US rule from 2025) or universal (pooled, allowed before 2025)"),
        ("scope.YYYY", "scope for one tax year, e.g. scope.2024 universal"),
        ("transfer-fee", "dispose (default: a network fee paid in the moved asset is a disposal at fair value) or add-to-basis"),
        ("timezone", "the tax time zone: UTC (default), an offset like -05:00, or a name like America/New_York"),
        ("filing", "single (default), mfj, mfs (married filing separately: $1,500 loss limit), hoh"),
        ("carryforward-short", "short-term capital loss carried into the first year of the data (a positive amount; au, de: the two add up to the loss carried)"),
        ("carryforward-long", "long-term capital loss carried into the first year of the data (a positive amount)"),
        ("jurisdiction", "us (default), uk (same-day, 30-day and section 104 pool; GBP; 6 April tax year), ca (adjusted cost base, superficial loss; CAD), au (Australia: 1 July income year, 12-month CGT discount; AUD) or de (Germany: §23 EStG, one-year rule, Freigrenze; EUR)"),
        ("base-currency", "the currency amounts and prices are in, e.g. GBP (default: the jurisdiction's: USD, GBP, CAD, AUD, EUR)"),
        ("rate-band", "UK: upper (default: higher or additional rate, 20%/24%) or lower (basic rate, 10%/18%) for the estimated tax and the plan"),
        ("short-rate", "marginal rate on short-term gains and ordinary income, e.g. 0.35 (default; ca, au, de: the personal marginal rate)"),
        ("long-rate", "marginal rate on long-term gains, e.g. 0.15 (default)"),
        ("state-rate", "state rate added to both, e.g. 0.05 (default 0)"),
        ("discount-rate", "discount rate for tax paid later, e.g. 0.05 (default)"),
        ("horizon-years", "years until a replacement is sold, e.g. 5 (default)"),
        ("exit", "sell (default: the replacement is sold after the horizon) or never (donation or step-up: the deferred tax is never paid)"),
        ("fee-bps", "venue fee per trade in basis points, default 10"),
        ("slippage-bps", "spread and slippage per trade in basis points, default 20"),
        ("wash-sale-crypto", "off (default: §1091 reaches securities, not crypto held as property) or on (apply it to crypto too)"),
        ("asset-class.SYMBOL", "security or crypto (default), e.g. asset-class.IBIT security: wash sales apply to securities"),
        ("transfer-window-hours", "how long after a withdrawal its deposit may arrive to be matched into a transfer, default 72"),
        ("transfer-tolerance", "the most a network may keep of a transfer, as a fraction of what was sent, default 0.02"),
        ("transfer-equivalent.NAME", "assets that are one asset for transfers, e.g. transfer-equivalent.steth ETH,STETH (ETH,WETH; BTC,WBTC,BTCB; USDC,USDC.E,USDBC and others are known)"),
        ("wrap-as-trade", "off (default: a transfer arriving as an equivalent asset, a wrap or a bridge, is not taxable) or on (it is a trade)"),
        ("identical.NAME", "a group of substantially identical assets, e.g. identical.btc-etfs IBIT,FBTC (BTC,WBTC,CBBTC and ETH,WETH are grouped already)"),
    ]

    init() {}

    init(_ raw: [String: String]) throws(SettingsError) {
        for (key, value) in raw.sorted(by: { $0.key < $1.key }) {
            try apply(key, value)
        }
    }

    /// Checks one key and value, and applies it.
    mutating func apply(_ key: String, _ value: String) throws(SettingsError) {
        func year(of key: String) throws(SettingsError) -> Int {
            guard let year = Int(key.split(separator: ".").last ?? ""), (1900...2200).contains(year) else {
                throw SettingsError(key: key, value: value, expected: "a key like \(key.split(separator: ".").first ?? "").2024")
            }
            return year
        }
        func method() throws(SettingsError) -> LotMethod {
            guard let method = LotMethod(rawValue: value.lowercased()) else {
                throw SettingsError(key: key, value: value, expected: "fifo, lifo, hifo or specific")
            }
            return method
        }
        func scope() throws(SettingsError) -> BasisScope {
            guard let scope = BasisScope(rawValue: value.lowercased()) else {
                throw SettingsError(key: key, value: value, expected: "wallet or universal")
            }
            return scope
        }
        func loss() throws(SettingsError) -> Money {
            guard let amount = try? Money(parsing: value), !amount.isNegative else {
                throw SettingsError(key: key, value: value, expected: "a positive amount such as 5000 or 1234.56")
            }
            return amount
        }
        switch key {
        case "method": policy.method = try method()
        case _ where key.hasPrefix("method."): policy.methodByYear[try year(of: key)] = try method()
        case "scope": policy.scope = try scope()
        case _ where key.hasPrefix("scope."): policy.scopeByYear[try year(of: key)] = try scope()
        case "transfer-fee":
            guard let treatment = TransferFeeTreatment(rawValue: value.lowercased()) else {
                throw SettingsError(key: key, value: value, expected: "dispose or add-to-basis")
            }
            policy.transferFee = treatment
        case "timezone":
            guard let zone = TaxTimeZone(value) else {
                throw SettingsError(key: key, value: value, expected: "UTC, an offset like -05:00, or a zone name like America/New_York")
            }
            self.zone = zone
        case "filing":
            guard let filing = FilingStatus(rawValue: value.lowercased()) else {
                throw SettingsError(key: key, value: value, expected: "single, mfj, mfs or hoh")
            }
            self.filing = filing
        case "carryforward-short": carryforward.shortTerm = try loss()
        case "carryforward-long": carryforward.longTerm = try loss()
        case "jurisdiction":
            guard let jurisdiction = Jurisdiction.all[value.lowercased()] else {
                throw SettingsError(key: key, value: value, expected: Jurisdiction.all.keys.sorted().joined(separator: ", "))
            }
            self.jurisdiction = jurisdiction
        case "base-currency":
            let currency = Asset(value)
            guard currency.isFiat, !value.contains("@") else {
                throw SettingsError(key: key, value: value, expected: "a fiat currency code such as USD, GBP, CAD, AUD or EUR")
            }
            baseCurrency = currency
        case "rate-band":
            guard let band = RateBand(rawValue: value.lowercased()) else {
                throw SettingsError(key: key, value: value, expected: "upper or lower")
            }
            profile.rateBand = band
        case "short-rate", "long-rate", "state-rate", "discount-rate":
            guard let rate = Fixed(value), !rate.isNegative, rate < 1 else {
                throw SettingsError(key: key, value: value, expected: "a fraction from 0 to 1, e.g. 0.35")
            }
            switch key {
            case "short-rate": profile.shortRate = rate
            case "long-rate": profile.longRate = rate
            case "state-rate": profile.stateRate = rate
            default: profile.discountRate = rate
            }
        case "horizon-years":
            guard let years = Int(value), (0...100).contains(years) else {
                throw SettingsError(key: key, value: value, expected: "a whole number of years from 0 to 100")
            }
            profile.horizonYears = years
        case "exit":
            guard let exit = TaxProfile.Exit(rawValue: value.lowercased()) else {
                throw SettingsError(key: key, value: value, expected: "sell or never")
            }
            profile.exit = exit
        case "fee-bps", "slippage-bps":
            guard let points = Fixed(value), !points.isNegative, points < 10_000 else {
                throw SettingsError(key: key, value: value, expected: "basis points from 0 to 10000, e.g. 10")
            }
            if key == "fee-bps" { costs.feeBasisPoints = points } else { costs.slippageBasisPoints = points }
        case "wash-sale-crypto":
            switch value.lowercased() {
            case "on", "true", "yes": washSaleCrypto = true
            case "off", "false", "no": washSaleCrypto = false
            default: throw SettingsError(key: key, value: value, expected: "on or off")
            }
        case _ where key.hasPrefix("asset-class."):
            let symbol = String(key.dropFirst("asset-class.".count))
            guard !symbol.isEmpty, let assetClass = AssetClass(rawValue: value.lowercased()) else {
                throw SettingsError(key: key, value: value, expected: "a key asset-class.SYMBOL and a value security or crypto")
            }
            assetClasses.classes[Asset(symbol)] = assetClass
        case "transfer-window-hours":
            guard let hours = Int(value), (0...24 * 365).contains(hours) else {
                throw SettingsError(key: key, value: value, expected: "a whole number of hours, e.g. 72")
            }
            transferRules.window = Int64(hours) * 3_600_000
        case "transfer-tolerance":
            guard let fraction = Fixed(value), !fraction.isNegative, fraction < 1 else {
                throw SettingsError(key: key, value: value, expected: "a fraction from 0 to 1, e.g. 0.02")
            }
            transferRules.tolerance = fraction
        case "wrap-as-trade":
            switch value.lowercased() {
            case "on", "true", "yes": transferRules.wrapsAreTrades = true
            case "off", "false", "no": transferRules.wrapsAreTrades = false
            default: throw SettingsError(key: key, value: value, expected: "on or off")
            }
        case _ where key.hasPrefix("transfer-equivalent."):
            let assets = value.split(separator: ",").map { Asset(String($0).trimmingCharacters(in: .whitespaces)) }
            guard key.count > "transfer-equivalent.".count, assets.count >= 2 else {
                throw SettingsError(key: key, value: value, expected: "a key transfer-equivalent.NAME and two or more assets, e.g. ETH,STETH")
            }
            transferEquivalents[String(key.dropFirst("transfer-equivalent.".count))] = assets
        case _ where key.hasPrefix("identical."):
            let assets = value.split(separator: ",").map { Asset(String($0).trimmingCharacters(in: .whitespaces)) }
            guard key.count > "identical.".count, assets.count >= 2 else {
                throw SettingsError(key: key, value: value, expected: "a key identical.NAME and two or more assets, e.g. IBIT,FBTC")
            }
            identicalGroups[String(key.dropFirst("identical.".count))] = assets
        default:
            throw SettingsError(key: key, value: value, expected: "a known key: " + Settings.keys.map(\.key).joined(separator: ", "))
        }
    }
}
