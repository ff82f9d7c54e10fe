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
    /// Units sold but never seen acquired are zero-basis units, flagged, by default (`missing-basis zero`): reports come out
    /// with a warning and `harvest problems` lists what is missing. `missing-basis error` stops every report instead.
    var policy = AccountingPolicy(allowMissingBasis: true)
    /// A close older than this many days is stale where holdings are valued (`holdings`, `plan`, `problems`).
    var stalePriceDays = 3
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
    /// How funding payments on perpetual swaps are taxed (`derivative-funding`).
    var derivativeFunding = FundingTreatment.ordinary
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
        ("missing-basis", "zero (default: units sold but never seen acquired are taken at zero basis, flagged, with a warning; "
            + "`harvest problems` lists them) or error (every report stops at the first such row)"),
        ("stale-price-days", "a close older than this many days is stale where holdings are valued (holdings, plan, problems warn), default 3"),
        ("transfer-fee", "dispose (default: a network fee paid in the moved asset is a disposal at fair value) or add-to-basis"),
        ("timezone", "the tax time zone: UTC (default), an offset like -05:00, or a name like America/New_York"),
        ("filing", "single (default), mfj, mfs (married filing separately: $1,500 loss limit), hoh"),
        ("carryforward-short", "short-term capital loss carried into the first year of the data (a positive amount; au, de: the two add up to the loss carried)"),
        ("carryforward-long", "long-term capital loss carried into the first year of the data (a positive amount)"),
        ("jurisdiction", Jurisdiction.ordered.map { "\($0.code) (\($0.name): \($0.summary))" }.joined(separator: ", ")
            + "; default us"),
        ("base-currency", "the currency amounts and prices are in, e.g. GBP (default: the jurisdiction's: "
            + Jurisdiction.ordered.map(\.baseCurrency.symbol).joined(separator: ", ") + ")"),
        ("rate-band", "UK: upper (default: higher or additional rate, 20%/24%) or lower (basic rate, 10%/18%) for the estimated tax and the plan"),
        ("taxable-income.YYYY", "US: tax year YYYY's taxable income, Form 1040 line 15, negative when deductions exceed income "
            + "(line 11 minus line 14), e.g. taxable-income.2024 -2000: the capital loss carryover worksheet's line 1 (unset: its cap "
            + "is assumed not to bind)"),
        ("short-rate", "marginal rate on short-term gains and ordinary income, e.g. 0.35 (default; ca, au, de: the personal marginal rate)"),
        ("long-rate", "marginal rate on long-term gains, e.g. 0.15 (default)"),
        ("state-rate", "state rate added to both, e.g. 0.05 (default 0)"),
        ("discount-rate", "discount rate for tax paid later, e.g. 0.05 (default)"),
        ("horizon-years", "years until a replacement is sold, e.g. 5 (default)"),
        ("exit", "sell (default: the replacement is sold after the horizon) or never (donation or step-up: the deferred tax is never paid)"),
        ("fee-bps", "venue fee per trade in basis points, default 10"),
        ("slippage-bps", "spread and slippage per trade in basis points, default 20"),
        ("wash-sale-crypto", "off (default: §1091 reaches securities, not crypto held as property) or on (apply it to crypto too)"),
        ("derivative-funding", "ordinary (default, conservative: perpetual funding received is ordinary income, funding paid is not "
            + "deducted, Treas. Reg. §1.446-3 and IRC §67(g)) or capital (part of the swap's capital gain or loss, IRC §1234A)"),
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
        let setting = SettingValue(key: key, value: value)
        if try applyAccounting(setting) { return }
        if try applyProfile(setting) { return }
        if try applyRules(setting) { return }
        throw setting.error("a known key: " + Settings.keys.map(\.key).joined(separator: ", "))
    }

    /// How the history is replayed: methods and scopes by year, transfer fees, the time zone, filing status, losses
    /// carried in, the jurisdiction and the currency. False when the key is not one of them.
    mutating func applyAccounting(_ setting: SettingValue) throws(SettingsError) -> Bool {
        let key = setting.key
        switch key {
        case "method": policy.method = try setting.choice()
        case _ where key.hasPrefix("method."): policy.methodByYear[try setting.year()] = try setting.choice()
        case "scope": policy.scope = try setting.choice()
        case _ where key.hasPrefix("scope."): policy.scopeByYear[try setting.year()] = try setting.choice()
        case "transfer-fee": policy.transferFee = try setting.choice()
        case "missing-basis": policy.allowMissingBasis = try setting.choice() as MissingBasis == .zero
        case "stale-price-days":
            guard let days = Int(setting.value), (0...3650).contains(days) else { throw setting.error("a whole number of days, e.g. 3") }
            stalePriceDays = days
        case "timezone":
            guard let zone = TaxTimeZone(setting.value) else {
                throw setting.error("UTC, an offset like -05:00, or a zone name like America/New_York")
            }
            self.zone = zone
        case "filing": filing = try setting.choice()
        case "carryforward-short": carryforward.shortTerm = try setting.amount()
        case "carryforward-long": carryforward.longTerm = try setting.amount()
        case "jurisdiction":
            guard let jurisdiction = Jurisdiction(argument: setting.value) else {
                throw setting.error(Jurisdiction.ordered.map(\.code).joined(separator: ", "))
            }
            self.jurisdiction = jurisdiction
        case "base-currency":
            let currency = Asset(setting.value)
            guard currency.isFiat, !setting.value.contains("@") else {
                throw setting.error("a fiat currency code such as USD, GBP, CAD, AUD or EUR")
            }
            baseCurrency = currency
        default: return false
        }
        return true
    }

    /// The rates and assumptions a harvest is valued with. False when the key is not one of them.
    mutating func applyProfile(_ setting: SettingValue) throws(SettingsError) -> Bool {
        switch setting.key {
        case "rate-band": profile.rateBand = try setting.choice()
        case "short-rate": profile.shortRate = try setting.fraction()
        case "long-rate": profile.longRate = try setting.fraction()
        case "state-rate": profile.stateRate = try setting.fraction()
        case "discount-rate": profile.discountRate = try setting.fraction()
        case "horizon-years":
            guard let years = Int(setting.value), (0...100).contains(years) else {
                throw setting.error("a whole number of years from 0 to 100")
            }
            profile.horizonYears = years
        case "exit": profile.exit = try setting.choice()
        case _ where setting.key.hasPrefix("taxable-income."): profile.taxableIncomeByYear[try setting.year()] = try setting.signedAmount()
        case "fee-bps": costs.feeBasisPoints = try setting.basisPoints()
        case "slippage-bps": costs.slippageBasisPoints = try setting.basisPoints()
        default: return false
        }
        return true
    }

    /// The wash-sale rule's reach and groups, and how transfers are matched. False when the key is not one of them.
    mutating func applyRules(_ setting: SettingValue) throws(SettingsError) -> Bool {
        let key = setting.key
        switch key {
        case "wash-sale-crypto": washSaleCrypto = try setting.onOff()
        case "derivative-funding": derivativeFunding = try setting.choice()
        case _ where key.hasPrefix("asset-class."):
            let symbol = String(key.dropFirst("asset-class.".count))
            guard !symbol.isEmpty, let assetClass = AssetClass(rawValue: setting.value.lowercased()) else {
                throw setting.error("a key asset-class.SYMBOL and a value security or crypto")
            }
            assetClasses.classes[Asset(symbol)] = assetClass
        case "transfer-window-hours":
            guard let hours = Int(setting.value), (0...24 * 365).contains(hours) else {
                throw setting.error("a whole number of hours, e.g. 72")
            }
            transferRules.window = Int64(hours) * 3_600_000
        case "transfer-tolerance": transferRules.tolerance = try setting.fraction(example: "0.02")
        case "wrap-as-trade": transferRules.wrapsAreTrades = try setting.onOff()
        case _ where key.hasPrefix("transfer-equivalent."):
            transferEquivalents[try setting.name()] = try setting.group(example: "ETH,STETH")
        case _ where key.hasPrefix("identical."):
            identicalGroups[try setting.name()] = try setting.group(example: "IBIT,FBTC")
        default: return false
        }
        return true
    }
}

/// One `key value` of the settings, read as what its key takes; a value that does not fit is a `SettingsError` that
/// names the key and what it takes.
struct SettingValue {
    var key: String
    var value: String

    func error(_ expected: String) -> SettingsError { SettingsError(key: key, value: value, expected: expected) }

    /// One of a type's cases, by its name: the message lists them all.
    func choice<Choices: CaseIterable & RawRepresentable<String>>() throws(SettingsError) -> Choices {
        guard let choice = Choices(rawValue: value.lowercased()) else {
            let names = Choices.allCases.map(\.rawValue)
            throw error(names.count == 2 ? "\(names[0]) or \(names[1])" : names.dropLast().joined(separator: ", ") + " or " + names.last!)
        }
        return choice
    }

    /// The year of a key like `method.2024`.
    func year() throws(SettingsError) -> Int {
        guard let year = Int(key.split(separator: ".").last ?? ""), (1900...2200).contains(year) else {
            throw error("a key like \(key.split(separator: ".").first ?? "").2024")
        }
        return year
    }

    /// A positive amount (a loss carried in).
    func amount() throws(SettingsError) -> Money {
        // Within the supported range (README "Supported range"): a carryforward of 1.7e20 overflowed every report (issue 19).
        guard let amount = try? Money(parsing: value), !amount.isNegative, SupportedRange.contains(amount.fixed) else {
            throw error("a positive amount such as 5000 or 1234.56, at most \(SupportedRange.valueBoundText)")
        }
        return amount
    }

    /// An amount that may be negative (a taxable income below zero).
    func signedAmount() throws(SettingsError) -> Money {
        guard let amount = try? Money(parsing: value), SupportedRange.contains(amount.fixed) else {
            throw error("an amount such as 85000, -2000 or 1234.56, at most \(SupportedRange.valueBoundText) in magnitude")
        }
        return amount
    }

    /// A fraction from 0 to 1 (a rate).
    func fraction(example: String = "0.35") throws(SettingsError) -> Fixed {
        guard let rate = Fixed(value), !rate.isNegative, rate < 1 else { throw error("a fraction from 0 to 1, e.g. \(example)") }
        return rate
    }

    func basisPoints() throws(SettingsError) -> Fixed {
        guard let points = Fixed(value), !points.isNegative, points < 10_000 else { throw error("basis points from 0 to 10000, e.g. 10") }
        return points
    }

    func onOff() throws(SettingsError) -> Bool {
        switch value.lowercased() {
        case "on", "true", "yes": return true
        case "off", "false", "no": return false
        default: throw error("on or off")
        }
    }

    /// The name after the dot of a key like `identical.NAME`.
    func name() throws(SettingsError) -> String {
        let name = key.split(separator: ".", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        guard !name.isEmpty else { throw error("a key \(key.split(separator: ".").first ?? "").NAME") }
        return name
    }

    /// Two or more assets separated by commas.
    func group(example: String) throws(SettingsError) -> [Asset] {
        let assets = value.split(separator: ",").map { Asset(String($0).trimmingCharacters(in: .whitespaces)) }
        guard assets.count >= 2 else {
            throw error("a key \(key.split(separator: ".").first ?? "").NAME and two or more assets, e.g. \(example)")
        }
        return assets
    }
}
