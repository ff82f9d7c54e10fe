import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Coinbase's current transaction history (2025 on): `Sender Address` and `Recipient Address` after `Notes`, Notes often
/// empty or only `Bought ETH`, and a Convert written as two rows of one ID, what left (negative) and what came in. The
/// layout is the one public fixtures of other tools show (a "coinbase_retail" parser's test: a Convert pair BTC/USDC
/// with empty notes, an Advanced Trade Sell with empty notes; a PIT-38 tool's statement with `Bought ETH` notes).
/// Every row below is made up in that layout: the quantities and ids are ours.
@Suite("Coinbase's current transaction history")
struct CoinbaseCurrentLayoutTests {
    static let header = "ID,Timestamp,Transaction Type,Asset,Quantity Transacted,Price Currency,Price at Transaction,Subtotal,"
        + "Total (inclusive of fees and/or spread),Fees and/or Spread,Notes,Sender Address,Recipient Address"
    static let preamble = "Transactions\nUser,Someone,00000000-0000-0000-0000-000000000000\n"

    func parse(_ rows: [String], base: String = "USD") throws -> ParsedImport {
        let text = Self.preamble + ([Self.header] + rows).joined(separator: "\n") + "\n"
        guard case .found(let format, let line) = ExchangeFormats.detect(text) else {
            Issue.record("no format recognized")
            throw ImportFailure([])
        }
        #expect(format.name == "coinbase")
        return try ExchangeImporter.parse(text, file: "coinbase.csv", format: format, headerLine: line, options: .init(baseCurrency: Asset(base)))
    }

    func rejection(_ rows: [String]) throws -> [String] {
        do {
            _ = try parse(rows)
            return []
        } catch let failure as ImportFailure {
            return failure.errors.map(\.description)
        }
    }

    @Test("an Advanced Trade whose notes do not name the other side is against the price currency: subtotal, fee on top")
    func advancedTradeWithoutNotes() throws {
        let parsed = try parse([
            "t1,2025-01-11 11:59:44 UTC,Advanced Trade Buy,ETH,0.04,EUR,€2500.00,€100.00,€101.20,€1.20,Bought ETH,,",
            "t2,2025-01-12 08:00:00 UTC,Advanced Trade Sell,ETH,-0.02,EUR,€2600.00,-€52.00,-€51.69,€0.31,,,",
        ], base: "EUR")
        #expect(parsed.briefs == [
            "2025-01-11 buy 100 EUR -> 0.04 ETH fee 1.2 EUR value 101.2",
            "2025-01-12 sell 0.02 ETH -> 52 EUR fee 0.31 EUR value 51.69",
        ])
        let buy = try #require(parsed.rows.first?.transaction)
        #expect(buy.id == "t1" && buy.kind == .buy && buy.wallet == Wallet("coinbase"))
        #expect(buy.timestamp.millisecondsSinceEpoch == 1_736_596_784_000)  // 2025-01-11 11:59:44 UTC
        #expect(buy.fee == Amount(Quantity(try Fixed(parsing: "1.2")), Asset("EUR")))
    }

    @Test("notes that do name the other side still rule: an Advanced Trade against USDC is a trade for the USDC in the notes")
    func advancedTradeWithNotes() throws {
        let parsed = try parse([
            "t3,2025-03-01 10:00:00 UTC,Advanced Trade Buy,BTC,0.001,USD,$90000.00,$90.00,$90.54,$0.54,"
                + "Bought 0.001 BTC for 90.54 USDC on BTC-USDC at 90000 USDC/BTC,,",
        ])
        #expect(parsed.briefs == ["2025-03-01 trade 90.54 USDC -> 0.001 BTC value 90.54"])
    }

    @Test("a Convert in two rows of one ID is one trade: what left for what came in; the spread is within what left")
    func convertInTwoRows() throws {
        let rows = [
            "c1,2026-01-24 22:14:05 UTC,Convert,BTC,0.001,USD,$88000.00,$88.00,$90.00,$2.00,,,",
            "c1,2026-01-24 22:14:05 UTC,Convert,USDC,-90.012345,USD,$1.00,$90.00,$90.00,$0.00,,,",
        ]
        let parsed = try parse(rows)
        // 90.012345 USDC (valued $90.00) bought 0.001 BTC worth $88.00: the $2.00 is the spread, paid within the USDC.
        #expect(parsed.briefs == ["2026-01-24 trade 90.012345 USDC -> 0.001 BTC value 90"])
        let trade = try #require(parsed.rows.first?.transaction)
        #expect(trade.id == "c1" && trade.kind == .trade && trade.fee == nil)
        #expect(trade.timestamp.millisecondsSinceEpoch == 1_769_292_845_000)  // 2026-01-24 22:14:05 UTC
        // The rows in either order, and among others.
        #expect(try parse(rows.reversed()).briefs == parsed.briefs)
        let mixed = try parse([rows[0], "s1,2026-01-25 09:00:00 UTC,Send,BTC,-0.0005,USD,$89000.00,-$44.50,-$44.50,$0.00,,,bc1qexample", rows[1]])
        #expect(mixed.briefs == ["2026-01-24 trade 90.012345 USDC -> 0.001 BTC value 90", "2026-01-25 withdrawal 0.0005 BTC out value 44.5"])
    }

    @Test("a Convert whose second row is not in the file is refused, naming what it moves and how rows are paired")
    func convertHalf() throws {
        let errors = try rejection(["c2,2026-02-01 12:00:00 UTC,Convert,ETH,-0.5,USD,$3000.00,$1500.00,$1500.00,$0.00,,,"])
        #expect(errors == [
            "coinbase.csv:4: Transaction Type: 'Convert' is a trade but only one side is in the file: it moves 0.5 ETH out (rows are paired by ID)"
        ])
    }

    @Test("a one-row Convert with its notes is read as before")
    func convertInOneRow() throws {
        let parsed = try parse(["c3,2025-03-05 11:00:00 UTC,Convert,ETH,-1.00000000,EUR,€3000.00,€2970.00,€3000.00,€30.00,Converted 1 ETH to 0.03000000 BTC,,"])
        #expect(parsed.briefs == ["2025-03-05 trade 1 ETH -> 0.03 BTC"])
    }
}
