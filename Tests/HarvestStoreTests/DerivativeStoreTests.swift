import Foundation
import HarvestCore
import HarvestImport
import HarvestStore
import HarvestTestSupport
import Testing

/// The derivatives' tables (migration v8-derivatives): instruments and events round-trip, a re-import is a no-op, an
/// instrument stored with other terms is refused naming it.
struct DerivativeStoreTests {
    static let text = HarvestCSV.columns.joined(separator: ",") + "," + HarvestDerivativesCSV.columns.joined(separator: ",") + """

        2024-12-02T15:00:00Z,open,ibkr,,,,,7.50,USD,,,f1,,MBTH25,future,BTC,2025-03-28,,,0.1,USD,yes,long,3,96000,
        2025-02-14,close,ibkr,,,,,7.50,USD,,,f2,,MBTH25,,,,,,,,,,3,98000,
        2025-03-10T08:00:00Z,funding,deribit,,,,,,,,,p2,,BTC-PERPETUAL,perpetual,BTC,,,,1,USD,,,,,-12.50

        """

    static func rows(_ text: String) throws -> ParsedDerivativeRows {
        let parsed = try HarvestDerivativesCSV.split(text, file: "d.csv").derivatives
        return ParsedDerivativeRows(instruments: parsed.instruments, events: parsed.events.map { ($0.event, $0.timestampText, $0.dateOnly) })
    }

    @Test("instruments and events read back as imported; importing again adds nothing")
    func roundTrip() throws {
        // Given an empty store and the file's 2 instruments and 3 events
        let store = try SQLiteStore.inMemory()
        let rows = try Self.rows(Self.text)
        // When it is imported twice
        let first = try store.importDerivatives(rows, file: "d.csv")
        let second = try store.importDerivatives(rows, file: "d.csv")
        // Then the second adds nothing, and what is loaded is what was read
        #expect(first == DerivativeImportSummary(instrumentsAdded: 2, eventsAdded: 3, duplicates: 0))
        #expect(second == DerivativeImportSummary(instrumentsAdded: 0, eventsAdded: 0, duplicates: 3))
        let loaded = try store.loadDerivatives(zone: TaxTimeZone.utc)
        #expect(loaded.instruments == rows.instruments.sorted { $0.symbol < $1.symbol })
        #expect(loaded.events.map(\.id) == ["f1", "f2", "p2"])
        #expect(loaded.events.map(\.date) == [day("2024-12-02"), day("2025-02-14"), day("2025-03-10")])
        #expect(loaded.events[0].fee == "7.50" && loaded.events[0].contracts == 3 && loaded.events[0].price == 96_000 && loaded.events[0].side == .long)
        #expect(loaded.events[2].amount == "-12.50" && loaded.events.map { $0.source?.line } == [2, 3, 4])
    }

    @Test("a bare date keeps its day in any tax time zone; a timestamp's day follows the zone")
    func zones() throws {
        let store = try SQLiteStore.inMemory()
        _ = try store.importDerivatives(try Self.rows(Self.text), file: "d.csv")
        // 2024-12-02T15:00Z is 2024-12-03 01:00 in UTC+10; the bare 2025-02-14 stays 2025-02-14.
        let loaded = try store.loadDerivatives(zone: try #require(TaxTimeZone("+10:00")))
        #expect(loaded.events.map(\.date) == [day("2024-12-03"), day("2025-02-14"), day("2025-03-10")])
    }

    @Test("an instrument already stored with other terms is refused, naming it")
    func conflictingInstrument() throws {
        let store = try SQLiteStore.inMemory()
        _ = try store.importDerivatives(try Self.rows(Self.text), file: "d.csv")
        let other = Self.text.replacingOccurrences(of: "2025-03-28,,,0.1", with: "2025-03-28,,,1")
        #expect(throws: StoreError.rejectedRow(reference: "e.csv: instrument MBTH25",
                                               reason: "already stored with other terms (kind, underlying, expiry, strike, multiplier, settlement asset or §1256)")) {
            try store.importDerivatives(try Self.rows(other), file: "e.csv")
        }
    }
}
