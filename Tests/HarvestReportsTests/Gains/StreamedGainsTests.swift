import Foundation
import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest gains --format csv|json` written as the rows are produced (`TextWriter`) is byte for byte what the
/// whole-document renderers wrote (`WholeDocument`, the code as it was), on histories with every kind of row and every
/// character that needs quoting, whatever the chunk size; and the JSON is JSON.
@Suite("Gains CSV and JSON, streamed")
struct StreamedGainsTests {
    /// Wallet names and ids that CSV must quote and JSON escape: commas, quotes, backslashes, line breaks, tabs, a
    /// control character, and text beyond ASCII.
    static let wallets = ["A", "Coinbase, Inc.", "Kraken \"Pro\"", #"C:\wallets\cold"#, "Ledger\nNano", "tab\there", "ctrl\u{01}", "Trésor €"]

    /// A US history of 240 buys and 232 sales over 2.6 years, in eight wallets and three assets, with selling costs,
    /// quantities to 18 digits, sales split over two lots, one sale of more than was held (a row on assumed zero basis),
    /// a long-term sale and an edited row. Buy k goes to wallet k mod 8 in asset k mod 3; sale k sells 0.7 of buy k − 8's wallet and asset.
    static func usBooks() throws -> Books {
        var rows: [Transaction] = []
        let assets = ["BTC", "ETH", "usdc@base"]
        for index in 0..<240 {
            // Every 4 days from 2022-01-08 (day 19,000 of the epoch).
            let date = CivilDate(daysSinceEpoch: Int32(19_000 + index * 4)).description
            rows.append(Row.buy("b\(index),\"x\"", date, Quantity(Fixed(raw: Int128(1_000_000_000_000_000 + index * 123_456_789_012_345))),
                                assets[index % 3], cost: Money(Fixed(raw: Int128(index + 1) * 987_654_321_098_765_432)),
                                wallet: wallets[index % wallets.count], hour: 8))
            guard index >= 8 else { continue }
            var sale = Row.sell("s\(index)\\\t", date, "0.7", assets[(index - 8) % 3],
                                proceeds: Money(Fixed(raw: Int128(index) * 1_111_111_111_111_111_111)),
                                fee: index % 4 == 1 ? usd("1.005") : nil, wallet: wallets[(index - 8) % wallets.count], hour: 20)
            if index == 101 { sale.edited = true }
            rows.append(sale)
        }
        rows.append(Row.sell("oversold", "2024-12-30", 1000, "ETH", proceeds: 5, wallet: "A"))
        rows += [Row.buy("held", "2020-03-01", 10, "DOGE", cost: "0.25"), Row.sell("long", "2024-03-01", 10, "DOGE", proceeds: "1.75")]
        return try Books(rows, .us, policy: AccountingPolicy(allowMissingBasis: true))
    }

    /// HMRC's same-day and 30-day examples and the pool (CRYPTO22252, CRYPTO22255): rows with a `rule`.
    static func ukBooks() throws -> Books {
        let gbp = Local(.unitedKingdom)
        return try Books([
            gbp.buy("m0", "2024-01-02", 5000, "TOKEN_B", cost: 500),
            gbp.sell("m1", "2024-06-23", 1000, "TOKEN_B", proceeds: 800, hour: 9),
            gbp.buy("m2", "2024-06-23", 1600, "TOKEN_B", cost: 1000, hour: 14),
            gbp.sell("m3", "2024-06-23", 500, "TOKEN_B", proceeds: 600, hour: 20),
            gbp.buy("e0", "2024-01-02", 14000, "TOKEN_E", cost: 200_000),
            gbp.sell("e1", "2024-08-30", 4000, "TOKEN_E", proceeds: 160_000, fee: "12.345"),
            gbp.buy("e2", "2024-09-11", 500, "TOKEN_E", cost: 17_500),
        ], .unitedKingdom)
    }

    /// Sources and valuations of every shape, some null, with file names and a symbol that JSON must escape.
    static func sources(_ d: Disposal) -> (lot: HarvestCore.SourceLocation?, disposal: HarvestCore.SourceLocation?) {
        let line = Int(d.disposalPosition)
        return (line % 3 == 0 ? nil : HarvestCore.SourceLocation(file: "exports/\"2024\"\\trades.csv", line: line),
                HarvestCore.SourceLocation(file: "trades.csv", line: line + 1))
    }

    static func valuedBy(_ d: Disposal) -> (lot: ValuationSource?, disposal: ValuationSource?) {
        switch d.disposalPosition % 4 {
        case 0: (nil, .baseCurrencySide)
        case 1: (.row, .close(Asset("usdc@base"), d.dateDisposed))
        case 2: (.close(Asset("we\"ird\\"), d.dateAcquired), nil)
        default: (.baseCurrencySide, .row)
        }
    }

    static func streamed(chunkBytes: Int, _ body: (TextWriter) -> Void) -> (text: String, largestChunk: Int) {
        var bytes: [UInt8] = []
        var largest = 0
        let writer = TextWriter(chunkBytes: chunkBytes) { chunk in
            bytes += chunk
            largest = max(largest, chunk.count)
        }
        body(writer)
        writer.flush()
        return (String(decoding: bytes, as: UTF8.self), largest)
    }

    @Test("the CSV streamed equals the whole document, in chunks of 64 bytes and of 64 KB", arguments: [64, 1 << 16])
    func csv(chunkBytes: Int) throws {
        for books in [try Self.usBooks(), try Self.ukBooks()] {
            let expected = WholeDocument.gainsCSV(books.disposals)
            let (text, largest) = Self.streamed(chunkBytes: chunkBytes) { GainsCSV.write(books.disposals, to: $0) }
            #expect(text == expected)
            #expect(largest <= chunkBytes)
            #expect(GainsCSV.write(books.disposals) == expected)
        }
    }

    @Test("the JSON streamed equals the whole document, in chunks of 64 bytes and of 64 KB", arguments: [64, 1 << 16])
    func json(chunkBytes: Int) throws {
        for books in [try Self.usBooks(), try Self.ukBooks()] {
            let warnings = books.result.warnings + ["a \"quoted\"\nwarning"]
            let expected = WholeDocument.gainsJSON(
                books.disposals, summaries: books.summaries, warnings: warnings, sources: Self.sources, valuedBy: Self.valuedBy)
            let (text, _) = Self.streamed(chunkBytes: chunkBytes) {
                GainsJSON.write(books.disposals, summaries: books.summaries, warnings: warnings, sources: Self.sources,
                                valuedBy: Self.valuedBy, to: $0)
            }
            #expect(text == expected)
            #expect(GainsJSON.write(books.disposals, summaries: books.summaries, warnings: warnings) ==
                    WholeDocument.gainsJSON(books.disposals, summaries: books.summaries, warnings: warnings))
        }
    }

    @Test("the fixture has every kind of row the writers branch on")
    func fixtureCoversTheBranches() throws {
        let us = try Self.usBooks().disposals
        let uk = try Self.ukBooks().disposals
        #expect(us.count > 232)
        #expect(us.contains { $0.missingBasis })
        #expect(us.contains { $0.edited })
        #expect(us.contains { !$0.sellingCost.isZero })
        #expect(Set(us.map(\.term)) == [.short, .long])
        #expect(Set(us.map(\.wallet.name)) == Set(Self.wallets))
        #expect(Set(uk.map(\.matching)) == [.sameDay, .thirtyDay, .pool])
    }

    @Test("the JSON parses (JSONSerialization), and gives back the names, ids and exact amounts written")
    func jsonParses() throws {
        let books = try Self.usBooks()
        let warnings = ["a \"quoted\"\nwarning"]
        let (text, _) = Self.streamed(chunkBytes: 64) {
            GainsJSON.write(books.disposals, summaries: books.summaries, warnings: warnings, sources: Self.sources,
                            valuedBy: Self.valuedBy, to: $0)
        }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let rows = try #require(document["disposals"] as? [[String: Any]])
        #expect(rows.count == books.disposals.count)
        for (row, disposal) in zip(rows, books.disposals) {
            #expect(row["wallet"] as? String == disposal.wallet.name)
            #expect(row["disposal_tx_id"] as? String == disposal.disposalTransactionID)
            #expect(row["quantity"] as? String == disposal.quantity.description)
            #expect(row["proceeds"] as? String == disposal.proceeds.description)
            #expect(row["gain"] as? String == disposal.gain.description)
            #expect(row["tax_year"] as? Int == disposal.taxYear)
            #expect(row["missing_basis"] as? Bool == disposal.missingBasis)
            #expect(row["lot_source"] as? String == Self.sources(disposal).lot?.description)
            #expect(row["disposal_valued_by"] as? String == Self.valuedBy(disposal).disposal?.description)
        }
        #expect((document["years"] as? [[String: Any]])?.map { $0["year"] as? Int } == books.summaries.map(\.year))
        #expect(document["warnings"] as? [String] == warnings)
    }
}
