import HarvestCore
import HarvestStore
import HarvestTestSupport
import Testing

@Suite("Prices are upserted by asset, currency and day")
struct PriceStoreTests {
    static let btc = Asset("BTC"), eth = Asset("ETH"), eur = Asset("EUR")

    static let january: [PricePoint] = [
        PricePoint(date: day("2024-01-01"), open: "42000.5", high: "43000", low: "41000.25", close: "42500.123456789012345678", volume: "1234.5"),
        PricePoint(date: day("2024-01-02"), close: "43000"),
        PricePoint(date: day("2024-01-04"), close: "44000.000000000000000001"),
    ]

    @Test("a first import adds every day; the same file again changes nothing")
    func addThenUnchanged() throws {
        // Given an empty store
        let store = try SQLiteStore.inMemory()

        // When a file is imported twice
        let first = try store.importPrices(asset: Self.btc, currency: .usd, points: Self.january, file: "BTC-USD.csv")
        let second = try store.importPrices(asset: Self.btc, currency: .usd, points: Self.january, file: "BTC-USD.csv")

        // Then the first adds three days and the second finds them unchanged
        #expect(first == PriceImportSummary(added: 3, replaced: 0, unchanged: 0))
        #expect(second == PriceImportSummary(added: 0, replaced: 0, unchanged: 3))
        #expect(try store.priceCount() == 3)
    }

    @Test("a changed day is replaced, a new day added, the others left alone")
    func replaceAndAdd() throws {
        // Given January stored
        let store = try SQLiteStore.inMemory()
        _ = try store.importPrices(asset: Self.btc, currency: .usd, points: Self.january, file: "BTC-USD.csv")

        // When a corrected file changes one close, adds a volume to another day, repeats one and adds one
        let corrected: [PricePoint] = [
            Self.january[0],
            PricePoint(date: day("2024-01-02"), close: "43000", volume: "7"),
            PricePoint(date: day("2024-01-04"), close: "44001"),
            PricePoint(date: day("2024-01-05"), close: "45000"),
        ]
        let summary = try store.importPrices(asset: Self.btc, currency: .usd, points: corrected, file: "BTC-USD-fixed.csv")

        // Then the counts say so and the book holds the corrected closes
        #expect(summary == PriceImportSummary(added: 1, replaced: 2, unchanged: 1))
        let book = try store.loadPrices(currency: .usd)
        #expect(book.close(Self.btc, on: day("2024-01-04")) == "44001")
        #expect(book.close(Self.btc, on: day("2024-01-05")) == "45000")
        #expect(try store.priceCount() == 4)
    }

    @Test("loadPrices returns every asset quoted in the currency, and only those")
    func loadByCurrency() throws {
        // Given BTC and ETH in USD, and BTC in EUR
        let store = try SQLiteStore.inMemory()
        _ = try store.importPrices(asset: Self.btc, currency: .usd, points: Self.january, file: "BTC-USD.csv")
        _ = try store.importPrices(asset: Self.eth, currency: .usd, points: [PricePoint(date: day("2024-01-03"), close: "2300.5")],
                                   file: "ETH-USD.csv")
        _ = try store.importPrices(asset: Self.btc, currency: Self.eur, points: [PricePoint(date: day("2024-01-01"), close: "39000")],
                                   file: "BTC-EUR.csv")

        // When the USD book is loaded
        let book = try store.loadPrices(currency: .usd)

        // Then exact closes are found by day, and the latest close before a gap
        #expect(book.assets == [Self.btc, Self.eth])
        #expect(book.close(Self.btc, on: day("2024-01-01")) == "42500.123456789012345678")
        #expect(book.close(Self.btc, on: day("2024-01-03")) == nil)
        #expect(book.latestClose(Self.btc, onOrBefore: day("2024-01-03"))?.price == "43000")
        #expect(book.latestClose(Self.btc, onOrBefore: day("2024-01-03"))?.date == day("2024-01-02"))
        #expect(book.close(Self.btc, on: day("2024-01-04")) == "44000.000000000000000001")
        #expect(book.close(Self.eth, on: day("2024-01-03")) == "2300.5")
        #expect(try store.loadPrices(currency: Self.eur).close(Self.btc, on: day("2024-01-01")) == "39000")
        #expect(try store.loadPrices(currency: Asset("GBP")).assets.isEmpty)
    }
}

@Suite("Settings")
struct SettingsTests {
    @Test("a setting can be set, read, overwritten and deleted")
    func setReadOverwriteDelete() throws {
        // Given an empty store
        let store = try SQLiteStore.inMemory()
        #expect(try store.settings().isEmpty)

        // When settings are set and one is overwritten
        try store.setSetting("taxTimeZone", "UTC")
        try store.setSetting("baseCurrency", "USD")
        try store.setSetting("taxTimeZone", "America/New_York")

        // Then both read back, with the last value
        #expect(try store.settings() == ["taxTimeZone": "America/New_York", "baseCurrency": "USD"])
        #expect(try store.setting("taxTimeZone") == "America/New_York")

        // When one is deleted, and a missing one too
        try store.setSetting("taxTimeZone", nil)
        try store.setSetting("neverSet", nil)

        // Then only the other remains
        #expect(try store.settings() == ["baseCurrency": "USD"])
        #expect(try store.setting("taxTimeZone") == nil)
    }
}
