import HarvestCore
import HarvestImport
import Testing

/// Large files are read on two threads; the result must be the one a single pass gives.
@Suite("Reading a large export on two threads")
struct ParallelReadTests {
    @Test("a Kraken ledger of 40,000 rows: the same transactions, ids, skips and order either way")
    func sameResult() throws {
        // 10,000 trades of two rows each (refid T<n>), interleaved with 10,000 deposits and 10,000 unsettled
        // rows; the trade in the middle of the file straddles the two halves.
        var text = "\"txid\",\"refid\",\"time\",\"type\",\"subtype\",\"aclass\",\"asset\",\"amount\",\"fee\",\"balance\"\n"
        for n in 0..<10_000 {
            let time = "2024-01-\(String(format2: n / 1000 + 10)) 10:\(String(format2: n / 60 % 60)):\(String(format2: n % 60))"
            text += "\"L\(n)a\",\"T\(n)\",\"\(time)\",\"trade\",\"\",\"currency\",\"ZUSD\",-\(n + 1).5,0.01,0\n"
            text += "\"D\(n)\",\"R\(n)\",\"\(time)\",\"deposit\",\"\",\"currency\",\"XETH\",0.\(n + 1),0,0\n"
            text += "\"L\(n)b\",\"T\(n)\",\"\(time)\",\"trade\",\"\",\"currency\",\"XXBT\",0.000\(n + 1),0,0\n"
            text += "\"\",\"P\(n)\",\"\(time)\",\"deposit\",\"\",\"currency\",\"XETH\",1,0,0\n"
        }
        let kraken = try #require(ExchangeFormats.named("kraken"))
        var sequential = ExchangeImporter.Options()
        sequential.parallel = false
        let one = try ExchangeImporter.parse(text, file: "big.csv", format: kraken, options: sequential)
        let two = try ExchangeImporter.parse(text, file: "big.csv", format: kraken, options: ExchangeImporter.Options())
        #expect(one.rows.count == 20_000)
        #expect(one.rows == two.rows)
        #expect(one.skipped == two.skipped && one.skipped == ["rows without a txid (not yet settled)": 10_000])
        #expect(brief(one.rows[0].transaction) == "2024-01-10 buy 1.5 USD -> 0.0001 BTC fee 0.01 USD")
    }
}

private extension String {
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}
