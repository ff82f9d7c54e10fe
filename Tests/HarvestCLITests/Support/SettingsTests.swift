import HarvestCore
@testable import HarvestCLI
import Testing

/// The settings stored in the database, read back: each key's value parsed as what it takes, or refused with a message
/// that names the key and what it takes (listed from the type for choices).
@Suite("Settings")
struct SettingsTests {
    @Test("keys of every group are applied")
    func apply() throws {
        let settings = try Settings([
            "method": "HIFO", "method.2024": "fifo", "scope.2023": "universal", "transfer-fee": "add-to-basis", "filing": "mfs",
            "carryforward-long": "1234.56", "jurisdiction": "UK", "base-currency": "usd", "rate-band": "lower", "short-rate": "0.4",
            "horizon-years": "3", "exit": "never", "fee-bps": "12", "wash-sale-crypto": "on", "asset-class.IBIT": "security",
            "transfer-window-hours": "24", "transfer-tolerance": "0.05", "wrap-as-trade": "yes", "identical.btc-etfs": "IBIT, FBTC",
            "transfer-equivalent.steth": "ETH,STETH", "taxable-income.2024": "-2000.50",
        ])
        #expect(settings.policy.method == .hifo && settings.policy.method(for: 2024) == .fifo && settings.policy.scope(for: 2023) == .universal)
        #expect(settings.policy.transferFee == .addToBasis && settings.filing == .marriedSeparate)
        #expect(settings.carryforward == Carryforward(longTerm: "1234.56"))
        #expect(settings.jurisdiction.code == "uk" && settings.jurisdiction.baseCurrency == .usd)
        #expect(settings.profile.rateBand == .lower && settings.profile.shortRate == "0.4" && settings.profile.horizonYears == 3)
        #expect(settings.profile.exit == .never && settings.costs.feeBasisPoints == 12)
        #expect(settings.washSaleCrypto && settings.assetClasses.of(Asset("IBIT")) == .security)
        // 24 hours in milliseconds.
        #expect(settings.transferRules.window == 86_400_000 && settings.transferRules.tolerance == "0.05" && settings.transferRules.wrapsAreTrades)
        #expect(settings.identicalGroups["btc-etfs"] == [Asset("IBIT"), Asset("FBTC")])
        #expect(settings.transferEquivalents["steth"] == [Asset("ETH"), Asset("STETH")])
        #expect(settings.profile.taxableIncomeByYear == [2024: "-2000.50"])
    }

    @Test("a value that does not fit names the key and what it takes", arguments: [
        ("method", "random", "setting method = 'random': expected fifo, lifo, hifo or specific"),
        ("scope.2024", "pooled", "setting scope.2024 = 'pooled': expected wallet or universal"),
        ("method.24", "fifo", "setting method.24 = 'fifo': expected a key like method.2024"),
        ("rate-band", "middle", "setting rate-band = 'middle': expected lower or upper"),
        ("filing", "joint", "setting filing = 'joint': expected single, mfj, mfs or hoh"),
        ("jurisdiction", "fr", "setting jurisdiction = 'fr': expected us, uk, ca, au, de"),
        ("short-rate", "35", "setting short-rate = '35': expected a fraction from 0 to 1, e.g. 0.35"),
        ("transfer-tolerance", "-0.1", "setting transfer-tolerance = '-0.1': expected a fraction from 0 to 1, e.g. 0.02"),
        ("carryforward-short", "-5", "setting carryforward-short = '-5': expected a positive amount such as 5000 or 1234.56, at most 1e15 (1,000,000,000,000,000)"),
        ("taxable-income.2024", "lots", "setting taxable-income.2024 = 'lots': expected an amount such as 85000, -2000 or 1234.56, at most 1e15 (1,000,000,000,000,000) in magnitude"),
        ("taxable-income.24", "-5", "setting taxable-income.24 = '-5': expected a key like taxable-income.2024"),
        ("base-currency", "BTC", "setting base-currency = 'BTC': expected a fiat currency code such as USD, GBP, CAD, AUD or EUR"),
        ("wash-sale-crypto", "maybe", "setting wash-sale-crypto = 'maybe': expected on or off"),
        ("identical.etfs", "IBIT", "setting identical.etfs = 'IBIT': expected a key identical.NAME and two or more assets, e.g. IBIT,FBTC"),
        ("identical.", "IBIT,FBTC", "setting identical. = 'IBIT,FBTC': expected a key identical.NAME"),
    ])
    func refused(_ key: String, _ value: String, _ message: String) {
        var settings = Settings()
        let error = #expect(throws: SettingsError.self) { try settings.apply(key, value) }
        #expect(error?.description == message)
    }

    @Test("an unknown key lists the known ones")
    func unknownKey() {
        var settings = Settings()
        let error = #expect(throws: SettingsError.self) { try settings.apply("colour", "blue") }
        #expect(error?.expected == "a known key: " + Settings.keys.map(\.key).joined(separator: ", "))
    }
}
