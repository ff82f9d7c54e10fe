import Foundation
import HarvestCore
import HarvestImport
import HarvestReports
import HarvestStore
import Testing

/// The importers and value parsers fuzzed (issue 19): rows of each format's own tests, mutated cell by cell and byte by
/// byte with the values that broke Harvest before (NaN, 1e20, year 9999 at -18:00, Unix times of 1e17, 1.7e20, formula
/// cells, control characters...). For every input: no trap (a trap ends the test process), and every file an importer
/// accepts goes the whole way a command takes it: stored, loaded back, replayed, and reported (gains CSV and JSON, the
/// year summaries, Form 8949, holdings valued at its own closes). A replay may refuse a history (`LedgerError`, a
/// message naming the row); it must not trap. Seeded, so a failure replays; `HARVEST_FUZZ_INPUTS` runs more.
@Suite("Fuzzing: importers and value parsers never trap, and what they accept every command can read")
struct ImportFuzzTests {
    /// A format's own rows: a header and a few good rows (from the formats' tests).
    struct Seed {
        var format: String?
        var lines: [String]
    }

    static let seeds: [Seed] = [
        Seed(format: nil, lines: [
            "timestamp,type,wallet,sent_quantity,sent_asset,received_quantity,received_asset,fee_quantity,fee_asset,value,to_wallet,tx_id,note",
            "2024-01-10T15:00:00Z,buy,coinbase,20000,USD,0.45,BTC,99.50,USD,,,cb-1,",
            "2024-03-15T12:00:00Z,transfer,coinbase,0.45,BTC,0.4499,BTC,,,18270,ledger,cb-2,to cold storage",
            "2024-04-01,staking,kraken,,,0.05,ETH,,,160.10,,kr-7,",
            "2024-06-01T12:00:00.123+02:00,sell,ledger,0.2,BTC,13000,USD,,,,,l-1,",
            "2024-07-01T08:00:00,trade,kraken,0.05,ETH,150,USDC,,,170,,kr-8,",
        ]),
        Seed(format: "koinly", lines: [
            "Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash",
            "2023-01-02 10:00 UTC,,,0.1,ETH,,,120.5,USD,gift,from mum,",
            "2023-01-04 10:00 UTC,100,USD,0.08,ETH,0.5,USD,100,USD,,,",
            "2023-02-04 10:00 UTC,0.02,ETH,40,USD,,,40,USD,,,h3",
        ]),
        Seed(format: "etherscan-internal", lines: [
            "\"Txhash\",\"Blockno\",\"UnixTimestamp\",\"DateTime (UTC)\",\"ParentTxFrom\",\"ParentTxTo\",\"ParentTxETH_Value\",\"From\",\"TxTo\",\"ContractAddress\",\"Value_IN(ETH)\",\"Value_OUT(ETH)\",\"Status\",\"ErrCode\",\"Type\"",
            "\"0xa1\",\"1\",\"1600000000\",\"\",\"0xme\",\"0xc\",\"0\",\"0xc\",\"0xme\",\"\",\"1.5\",\"0\",\"0\",\"\",\"call\"",
            "\"0xa2\",\"2\",\"1600000100\",\"\",\"0xme\",\"0xc\",\"0\",\"0xme\",\"0xc\",\"\",\"0\",\"0.5\",\"0\",\"\",\"call\"",
        ]),
        Seed(format: "rotki-trades", lines: [
            "Location,Spend Currency,Receive Currency,Receive Amount,Spend Amount,Timestamp",
            "kraken,USD,BTC,0.1,1000,1600000000000",
            "kraken,BTC,USD,2000,0.05,1610000000000",
        ]),
    ]

    /// Cells that broke Harvest before, and their neighbours.
    static let dictionary = [
        "", "0", "-0", "+5", "-1", "1e20", "1e15", "1e16", "1000000000000000.000000000000000001", "0.000000000000000001", "1e-19",
        "170141183460469231731.687303715884105727", "-170141183460469231731.687303715884105728", "NaN", "nan", "inf", "-Infinity", "null",
        "(5)", "$1,234.50", "1,2", "1.2.3", "1e", "e5", "--1", "99999999999999999", "999999999999999999", "9999999999999", "-99999999999999999",
        "9999-12-31T23:00:00-18:00", "0000-01-01T00:00:00+18:00", "9998-12-31T23:59:59Z", "0001-01-01", "2024-02-30", "2024-06-01T12:00:00.1234Z",
        "2024-01-01 08:57:47.1234", "2024-01-01T25:00:00Z", "2024-01-01T00:00:00+99:00", "=HYPERLINK(\"x\")", "@SUM(A1)", "\t", "\r", "\n", "\"", "\u{0}",
        "BTC", "USD", "ETH@base", "buy", "sell", "transfer", "withdrawal", "deposit", "gift_in", "income", "fee", "a;b=0.5", "💥",
    ]

    /// SplitMix64: seeded, so a failing input can be rebuilt from the seed the test prints.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// One mutated file of `seed`: some cells replaced from the dictionary or by random digits, some bytes flipped,
    /// a row duplicated or dropped now and then.
    static func mutate(_ seed: Seed, _ random: inout Generator) -> String {
        var rows = seed.lines.dropFirst().map { CSVLine.split($0) }
        let header = seed.lines[0]
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !rows.isEmpty else { break }
            let row = Int.random(in: 0..<rows.count, using: &random)
            guard !rows[row].isEmpty else { continue }
            let column = Int.random(in: 0..<rows[row].count, using: &random)
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<6: rows[row][column] = dictionary.randomElement(using: &random) ?? ""
            case 6: rows[row][column] = String(UInt64.random(in: 0...UInt64.max, using: &random) >> UInt64.random(in: 0..<64, using: &random))
            case 7: rows.append(rows[row])
            case 8: rows[row][column] += dictionary.randomElement(using: &random) ?? ""
            default:
                var bytes = Array(rows[row][column].utf8)
                if !bytes.isEmpty { bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0x20...0x7E, using: &random) }
                rows[row][column] = String(decoding: bytes, as: UTF8.self)
            }
        }
        return ([header] + rows.map { $0.map(CSV.field).joined(separator: ",") }).joined(separator: "\n") + "\n"
    }

    /// The number of inputs: 200 by default (under a minute in a debug build on a busy 2-core machine), `HARVEST_FUZZ_INPUTS` for more.
    static var inputCount: Int { ProcessInfo.processInfo.environment["HARVEST_FUZZ_INPUTS"].flatMap(Int.init) ?? 200 }

    @Test("mutated rows of every format: parse, store, load, replay and report, never a trap")
    func importers() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["HARVEST_FUZZ_SEED"].flatMap(UInt64.init) ?? 19)
        var random = Generator(state: seed)
        var accepted = 0, refused = 0, replayRefused = 0
        var store = try SQLiteStore.inMemory()
        for input in 0..<ImportFuzzTests.inputCount {
            let source = ImportFuzzTests.seeds[input % ImportFuzzTests.seeds.count]
            let text = ImportFuzzTests.mutate(source, &random)
            let parsed: ParsedImport
            do {
                parsed = try parse(text, source.format)
            } catch {
                refused += 1
                // A refusal names the file and a line, as every import error must.
                #expect(error.errors.allSatisfy { $0.description.hasPrefix("fuzz.csv:") }, "input \(input) (seed \(seed)): \(error)")
                continue
            }
            accepted += 1
            if accepted % 10 == 0 { store = try SQLiteStore.inMemory() }  // a fresh database now and then: replays stay small
            _ = try store.importTransactions(parsed, file: "fuzz.csv", importedAt: "2026-01-01T00:00:00Z", progress: nil)
            // What was stored reads back (no corrupt row), under another zone and currency too.
            let loaded = try store.loadTransactions(zone: TaxTimeZone.utc, baseCurrency: .usd)
            _ = try store.loadTransactions(zone: TaxTimeZone("America/New_York"), baseCurrency: Asset("EUR"))
            #expect(loaded.count >= parsed.rows.count, "input \(input) (seed \(seed))")
            if !replayAndReport(loaded) { replayRefused += 1 }
        }
        // Both sides are exercised: most mutations are refused, and many still go the whole way.
        #expect(accepted > ImportFuzzTests.inputCount / 20)
        #expect(refused > ImportFuzzTests.inputCount / 4)
        print("fuzz: \(ImportFuzzTests.inputCount) inputs (seed \(seed)): \(accepted) accepted and reported, \(refused) refused by the importer, "
            + "\(replayRefused) refused by the replay with a message")
    }

    func parse(_ text: String, _ format: String?) throws(ImportFailure) -> ParsedImport {
        guard let format, let known = ExchangeFormats.named(format) else { return try HarvestCSV.parse(text, file: "fuzz.csv") }
        return try ExchangeImporter.parse(text, file: "fuzz.csv", format: known, options: .init(address: "0xme"))
    }

    /// Replays under two policies and writes every report of the gains; false when the replay refused the history.
    func replayAndReport(_ transactions: [Transaction]) -> Bool {
        var prices = PriceBook()
        for asset in Set(transactions.flatMap { [$0.sent?.asset, $0.received?.asset].compactMap(\.self) }) where !asset.isFiat {
            prices.set(asset, PriceSeries([(CivilDate(year: 2020, month: 1, day: 1)!, "1000"), (CivilDate(year: 2025, month: 1, day: 1)!, "0.5")]))
        }
        var policy = AccountingPolicy(method: .hifo, scope: .wallet, allowMissingBasis: true)
        policy.unpricedAtZero = true
        policy.checkedArithmetic = true
        do throws(any Error) {
            let result = try LotEngine.run(transactions, prices: prices, policy: policy)
            _ = try LotEngine.run(transactions, prices: prices, policy: policy, jurisdiction: .unitedKingdom)
            let summaries = YearSummaries.compute(disposals: result.disposals, income: result.income, jurisdiction: .us)
            _ = GainsCSV.write(result.disposals)
            _ = GainsJSON.write(result.disposals, summaries: summaries, warnings: result.warnings)
            for summary in summaries {
                guard let figures = Form8949.figures(of: summary) else { continue }
                _ = Form8949.written(year: summary.year, disposals: result.disposals, summary: summary, figures: figures)
            }
            _ = HoldingsReport.csv(try HoldingsReport.rows(result.openLots, prices: prices, asOf: CivilDate(year: 2025, month: 6, day: 1)!,
                                                          jurisdiction: .us))
            return true
        } catch {
            #expect(error is LedgerError || error is ArithmeticOverflow, "\(error)")
            return false
        }
    }

    @Test("value parsers on random text and on the dictionary: a number, a time or an error, never a trap")
    func valueParsers() {
        var random = Generator(state: 7)
        let alphabet = Array("0123456789.-+eE,:TZ $()NaIinf\u{00A0}".unicodeScalars)
        var inputs = ImportFuzzTests.dictionary
        for _ in 0..<20_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...40, using: &random) { text.append(alphabet.randomElement(using: &random)!) }
            inputs.append(String(text))
        }
        var numbers = 0, times = 0
        for text in inputs {
            if let value = try? Fixed(parsing: text) {
                numbers += 1
                // What parses prints back to the same value.
                #expect(Fixed(value.description) == value)
            }
            _ = try? Fixed(parsing: text, roundingExcessDigits: .halfEven)
            if let parsed = Timestamp.parse(text, zone: .utc) {
                times += 1
                _ = parsed.instant.date().description
            }
            _ = CivilDate(iso: text)
            _ = CSV.spreadsheetField(text)
        }
        #expect(numbers > 100 && times >= 1)
    }
}

/// A CSV line split into its cells (quotes honoured), for mutating.
enum CSVLine {
    static func split(_ line: String) -> [String] {
        var cells: [String] = [], cell = "", quoted = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            switch character {
            case "\"" where quoted: quoted = false
            case "\"" where cell.isEmpty: quoted = true
            case "," where !quoted:
                cells.append(cell)
                cell = ""
            default: cell.append(character)
            }
        }
        cells.append(cell)
        return cells
    }
}
