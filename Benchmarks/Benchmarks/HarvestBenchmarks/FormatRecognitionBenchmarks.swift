import Benchmark
import Foundation
import HarvestImport

/// Recognizing a file's format (`harvest import --format auto`) among 150+ formats: the built-in ones plus synthetic
/// formats of 6 to 12 columns each, so that the figure holds as formats are added. Three files of 10,000 rows: one whose
/// header follows a 6-line preamble (Bitpanda's), one whose header is the first line (Kraken's trades), and one that no
/// format reads (every format is tried on each of its first 30 lines, then the closest are ranked).
func formatRecognitionBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], warmupIterations: 3, scalingFactor: .one, maxDuration: .seconds(10), maxIterations: 1000)
    let files: [(name: String, text: String)] = [
        ("Bitpanda, header after a preamble", preambleExport(rows: 10_000)),
        ("Kraken trades, header first", krakenTradesExport(rows: 10_000)),
        ("unrecognized", unknownExport(rows: 10_000)),
    ]
    for file in files {
        Benchmark("recognize format among 150+: \(file.name)", configuration: configuration) { benchmark, formats in
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(ExchangeFormats.detect(file.text, among: formats)) }
        } setup: {
            let formats = recognitionFormats()
            precondition(formats.count >= 150, "only \(formats.count) formats")
            return formats
        }
    }
}

/// The built-in formats and synthetic ones, at least 150 in all.
func recognitionFormats() -> [ExchangeFormat] {
    let synthetic = (0..<max(0, 160 - ExchangeFormats.builtIn.count)).map { index in
        let columns = (0..<(6 + index % 7)).map { "\"Column \(index) \($0)\"" }.joined(separator: ", ")
        let json = """
            {"name": "synthetic-\(index)", "title": "synthetic", "header": [\(columns)],
             "time": {"columns": ["Column \(index) 0"], "formats": ["iso"]}, "type": {"default": {"kind": "auto"}},
             "legs": [{"quantity": "Column \(index) 1", "asset": "Column \(index) 2", "direction": "signed"}]}
            """
        do {
            return ExchangeFormat(try FormatSpec.decode(Data(json.utf8), file: "synthetic-\(index).json"))
        } catch {
            fatalError("synthetic format \(index): \(error)")
        }
    }
    return ExchangeFormats.builtIn + synthetic
}

func preambleExport(rows: Int) -> String {
    var text = """
        "Disclaimer: All data is without guarantee, errors and changes are reserved."
        "Jane Doe, 1990-01-01"
        jane@example.com
        "Account opened at: 1/01/19, 08:00 AM"
        "Venue: Bitpanda"
        "Reported by Bitpanda GmbH"
        "Transaction ID",Timestamp,"Transaction Type",In/Out,"Amount Fiat",Fiat,"Amount Asset",Asset,"Asset market price","Asset market price currency","Asset class","Product ID",Fee,"Fee asset",Spread,"Spread Currency"

        """
    for row in 0..<rows { text += "T\(row),2020-06-13T14:13:42+01:00,buy,outgoing,200.00,EUR,0.01,BTC,20000,EUR,Cryptocurrency,1,-,-,-,-\n" }
    return text
}

func krakenTradesExport(rows: Int) -> String {
    var text = #""txid","ordertxid","pair","time","type","ordertype","price","cost","fee","vol","margin","misc","ledgers""# + "\n"
    for row in 0..<rows { text += "\"T\(row)\",\"O\(row)\",\"XXBTZEUR\",\"2021-03-01 10:00:00.1234\",\"buy\",\"limit\",\"40000.0\",\"400.0\",\"0.64\",\"0.01\",\"0.00000\",\"\",\"\"\n" }
    return text
}

func unknownExport(rows: Int) -> String {
    var text = "When,What,How much,Which,Where\n"
    for row in 0..<rows { text += "2024-01-01,thing \(row),1.5,ABC,here\n" }
    return text
}
