import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Every covered sample is recognized as the format meant for it, by its header alone.
@Suite("Exchange format detection", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct FormatDetectionTests {
    static let expected: [(directory: String, format: String)] = [
        ("binance/binance_history.csv", "binance"),
        ("binance/binance_privatefolio.csv", "binance"),
        ("binance/binance_uabean.csv", "binance"),
        ("binance/binance_withdrawals_cryptoTax_R_dataset.csv", "binance-withdrawals"),
        ("binance/test_binance_autoinvest.csv", "binance-auto-invest"),
        ("binance/test_binance_betheth.csv", "binance-eth-staking"),
        ("bitstamp/", "bitstamp"),
        ("kucoin/kucoin_order_history.csv", "kucoin"),
        ("kucoin/kucoin_order_history_old.csv", "kucoin-2019"),
        ("crypto.com/CDC_exchange_trades_cryptoTax_R_dataset.csv", "crypto-com-exchange"),
        ("crypto.com/cryptocom-export_ExportToGhostfolio.csv", "crypto-com"),
        ("crypto.com/cryptocom_app_cryptoTax_R_dataset.csv", "crypto-com"),
        ("crypto.com/cryptocom_special_events.csv", "crypto-com"),
        ("crypto.com/cryptocom_trades_list.csv", "crypto-com"),
        ("gemini/", "gemini"),
        ("bitvavo/", "bitvavo"),
        ("coinbase_pro/", "coinbase-pro"),
        ("nexo/corrupt_nexo.csv", "nexo-2021"),
        ("blockfi/blockfi-trades.csv", "blockfi-trades"),
        ("blockfi/blockfi-transactions.csv", "blockfi"),
        ("uphold/", "uphold"),
    ]

    /// A file, or every file of a directory (nexo/: all but corrupt_nexo.csv are the current layout).
    static var cases: [(path: String, format: String)] {
        var cases = expected.flatMap { entry -> [(path: String, format: String)] in
            guard entry.directory.hasSuffix("/") else { return [(entry.directory, entry.format)] }
            let files = (try? FileManager.default.contentsOfDirectory(atPath: ExportSamples.directory.appendingPathComponent(entry.directory).path)) ?? []
            return files.sorted().map { (entry.directory + $0, entry.format) }
        }
        let nexo = (try? FileManager.default.contentsOfDirectory(atPath: ExportSamples.directory.appendingPathComponent("nexo").path)) ?? []
        cases += nexo.sorted().filter { $0 != "corrupt_nexo.csv" }.map { ("nexo/" + $0, "nexo") }
        return cases
    }

    @Test("each sample is detected as its format")
    func detected() throws {
        let cases = Self.cases
        #expect(cases.count == 58)
        for (path, format) in cases {
            #expect(try ExportSamples.detected(path) == format, "\(path)")
        }
    }
}
