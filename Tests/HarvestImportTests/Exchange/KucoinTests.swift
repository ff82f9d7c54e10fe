import Foundation
import HarvestCore
import HarvestImport
import Testing

/// KuCoin samples from ../shared/data/exports/kucoin, read off the files by hand.
@Suite("KuCoin exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct KucoinTests {
    @Test("order history: the symbol XTZ-USDT gives the assets, size the base and funds the quote")
    func orderHistory() throws {
        #expect(try ExportSamples.parse("kucoin/kucoin_order_history.csv").briefs == [
            "2022-04-28 trade 36.4479 XTZ -> 3.73590975 USDT fee 0.00373590975 USDT",
            "2022-04-28 trade 280.8559209946952 USDT -> 432.59183198 XRP fee 0.2808559209946952 USDT",
        ])
    }

    @Test("the 2019 layout names each quantity's coin in its own column")
    func layout2019() throws {
        #expect(try ExportSamples.parse("kucoin/kucoin_order_history_old.csv").briefs == [
            "2019-05-11 trade 0.00152402 BTC -> 10.01 KCS fee 0.00000152 BTC",
            "2019-05-11 trade 10.02 KCS -> 0.00152403 BTC fee 0.00000153 BTC",
        ])
    }

    @Test("an unknown side or a bad number names the line and column")
    func errors() throws {
        let text = try ExportSamples.edited("kucoin/kucoin_order_history.csv", replacing: [
            2: "2022-04-28 12:36:00,XTZ-USDT,short,0.1025,36.4479,3.73590975,0.00373590975,USDT",
            3: "2022-04-28 15:46:07,XRP-USDT,buy,0.64924,432.5918319B,280.8559209946952,0.2808559209946952,USDT",
        ])
        #expect(try ExportSamples.rejection(text: text, file: "kucoin.csv") == [
            "kucoin.csv:2: side: unknown type 'short' (known: buy, sell)",
            "kucoin.csv:3: size: '432.5918319B' is not a number",
        ])
    }
}
