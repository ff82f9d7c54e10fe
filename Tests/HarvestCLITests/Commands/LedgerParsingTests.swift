import ArgumentParser
import HarvestCore
import HarvestImport
import HarvestStore
import HarvestTestSupport
@testable import HarvestCLI
import Testing

/// The ledger commands parsed in process, and the edit layer applied to rows without a database.
@Suite("Ledger commands: parsing")
struct LedgerParsingTests {
    /// Parses as `harvest` would (`ParsingTests.parse`).
    func parse<T>(_ arguments: [String], as type: T.Type) throws -> T { try ParsingTests().parse(arguments, as: type) }

    /// The exit status of parsing and validating `arguments`.
    func exitCode(_ arguments: [String]) -> Int32 {
        do {
            var command = try HarvestCommand.parseAsRoot(arguments)
            try command.validate()
            return 0
        } catch {
            return HarvestCommand.exitCode(for: error).rawValue
        }
    }

    @Test("the root help lists tx and imports; tx lists its commands")
    func help() {
        let root = HarvestCommand.helpMessage(for: HarvestCommand.self)
        #expect(root.contains("\n  tx ") && root.contains("\n  imports "))
        let tx = HarvestCommand.helpMessage(for: HarvestCommand.Tx.self)
        for name in ["list", "show", "edit", "ignore", "unignore", "add"] { #expect(tx.contains("\n  \(name) "), "\(name) is not listed") }
        let list = HarvestCommand.helpMessage(for: HarvestCommand.Tx.List.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(list.contains("(values: buy, sell, trade, transfer, income, spend, gift_in, gift_out, donation, lost, fee, withdrawal, deposit)"))
    }

    @Test("tx list takes a kind in any case; tx with no command lists")
    func list() throws {
        #expect(try parse(["tx", "list", "--kind", "GIFT_IN"], as: HarvestCommand.Tx.List.self).kind == .giftIn)
        #expect(try parse(["tx", "--wallet", "kraken"], as: HarvestCommand.Tx.List.self).wallet == "kraken")
        #expect(exitCode(["tx", "list", "--kind", "swap"]) == 64)
        #expect(exitCode(["tx", "list", "--from", "2024-13-01"]) == 64)
    }

    @Test("tx edit: --set repeats, --date is --timestamp, kind= is type=; --reset stands alone; an unknown field is exit 65")
    func edit() throws {
        let edit = try parse(["tx", "edit", "c3", "--set", "sent_asset=ETH", "--set", "kind=trade", "--date", "2024-01-02", "--value", "5"],
                             as: HarvestCommand.Tx.Edit.self)
        let changes = try edit.requestedChanges()
        #expect(changes.map(\.field) == ["value", "timestamp", "sent_asset", "type"])
        #expect(changes.map(\.value) == ["5", "2024-01-02", "ETH", "trade"])
        #expect(exitCode(["tx", "edit", "c3", "--reset", "--value", "1"]) == 64)
        #expect(exitCode(["tx", "edit", "c3"]) == 64)
        #expect(exitCode(["tx", "edit", "c3", "--note", "checked"]) == 0)
        let unknown = try parse(["tx", "edit", "c3", "--set", "proceeds=1"], as: HarvestCommand.Tx.Edit.self)
        #expect(throws: CommandFailure.self) { try unknown.requestedChanges() }
        do {
            _ = try unknown.requestedChanges()
        } catch let failure as CommandFailure {
            #expect(failure.code == .dataError && failure.messages[0].contains("unknown field 'proceeds'"))
        }
    }

    @Test("imports and transfers --decisions")
    func imports() throws {
        #expect(try parse(["imports", "undo", "3"], as: HarvestCommand.Imports.Undo.self).batch == 3)
        #expect(try parse(["imports", "--format", "json"], as: HarvestCommand.Imports.List.self).format == .json)
        #expect(exitCode(["imports", "undo", "three"]) == 64)
        #expect(try parse(["transfers", "--decisions"], as: HarvestCommand.Transfers.List.self).decisions)
        #expect(exitCode(["transfers", "--decisions", "--unmatched"]) == 64)
    }
}

@Suite("The edit layer")
struct EditLayerTests {
    static let sale = Row.sell("s1", "2024-02-01", "0.5", "BTC", proceeds: 21000, fee: usd(21), source: SourceLocation(file: "t.csv", line: 4))

    @Test("changed fields are read as the importer reads them; every other field stays as imported")
    func applying() throws {
        // sell → trade for 10 ETH, valued at 20,500
        let edited = try EditLayer.applying(
            ["type": "trade", "received_quantity": "10", "received_asset": "eth", "value": "20500"], to: Self.sale, zone: .utc)
        var expected = Self.sale
        expected.kind = .trade
        expected.received = amount(10, "ETH")
        expected.value = 20500
        expected.edited = true
        #expect(edited == expected)
        // A bare date is midnight in the tax time zone; the tax day is that date.
        let moved = try EditLayer.applying(["timestamp": "2024-03-05"], to: Self.sale, zone: try #require(TaxTimeZone("-05:00")))
        #expect(moved.date == day("2024-03-05"))
        #expect(moved.timestamp == Instant(millisecondsSinceEpoch: Instant(date: day("2024-03-05")).millisecondsSinceEpoch + 5 * 3_600_000))
    }

    @Test("a bad value is the importer's error naming the column and the value")
    func bad() {
        #expect(throws: ImportFailure.self) { try EditLayer.applying(["fee_quantity": "x"], to: Self.sale, zone: .utc) }
        do {
            _ = try EditLayer.applying(["fee_quantity": "x", "type": "swap"], to: Self.sale, zone: .utc)
        } catch {
            #expect(error.errors.map(\.column) == ["type", "fee_quantity"])
            #expect(error.errors[1].message == "'x' is not a number")
        }
    }

    @Test("apply: ignored rows leave, a moved row takes its place in time order, a value in another base currency is dropped")
    func apply() throws {
        let rows = [
            Row.buy("b1", "2024-01-01", 1, "BTC", cost: 100, wallet: "k"), Row.buy("b2", "2024-01-02", 1, "BTC", cost: 200, wallet: "k"),
            Row.sell("s1", "2024-01-03", 1, "BTC", proceeds: 150, wallet: "k"),
        ].enumerated().map { index, tx in
            var copy = tx
            copy.sequence = index + 1
            return copy
        }
        func key(_ id: String) -> RowKey { RowKey(source: "harvest", wallet: "k", externalID: id) }
        let layer = EditLayer([
            TransactionEdit(key: key("b1"), changes: ["timestamp": "2024-01-04T00:00:00Z"], createdAt: "t", rowID: 1),
            TransactionEdit(key: key("b2"), ignored: true, createdAt: "t", rowID: 2),
            TransactionEdit(key: key("s1"), changes: ["value": "7"], valueCurrency: "EUR", createdAt: "t", rowID: 3),
            TransactionEdit(key: key("gone"), changes: ["value": "1"], createdAt: "t", rowID: nil),
        ])
        let history = try layer.apply(to: rows, Settings())
        #expect(history.map(\.id) == ["s1", "b1"])
        #expect(history.map(\.edited) == [false, true])
        #expect(history[0].value == nil)
    }
}
