import HarvestCore
import HarvestTestSupport
import Testing

/// Contracts settled in another asset than the base currency (BitMEX's and Deribit's in BTC, Binance's and Bybit's in
/// USDT): the exchange's realized results valued at the asset's close of the day, the asset received an acquisition
/// and the asset paid a disposal, in the lot engine; and the `realized` event kind.
struct SettlementAssetTests {
    typealias D = Derivative

    static func xbtusd() throws -> Instrument {
        try Instrument(symbol: "XBTUSD", kind: .perpetual, underlying: Asset("BTC"), settlementAsset: Asset("BTC"))
    }

    @Test("realized PnL in BTC: a gain is an acquisition of BTC at its value, a loss and a funding payment disposals")
    func realizedInBitcoin() throws {
        // Wallet bitmex: 1 BTC bought on 2025-01-02 for 40,000.
        // 2025-03-01: realized +0.01 BTC, BTC closes at 50,000 → derivative gain 500 (short-term: no opening day); a lot
        //   of 0.01 BTC with a basis of 500.
        // 2025-04-01: realized −0.02 BTC at 60,000 → derivative loss −1,200; 0.02 BTC disposed of for 1,200, first in
        //   first out from the 40,000 lot: basis 800, spot gain 400 (short-term, held under a year).
        // 2025-04-02: funding paid 0.001 BTC at 60,000 → 60 listed as funding paid (the conservative reading); 0.001 BTC
        //   disposed of for 60, basis 40, spot gain 20.
        // Left: 1 − 0.02 − 0.001 = 0.979 BTC of the first lot (basis 39,160) and the 0.01 BTC lot (500).
        let instrument = try Self.xbtusd()
        let events = [
            D.event("r1", .realized, "2025-03-01", "XBTUSD", amount: "0.01", wallet: "bitmex"),
            D.event("r2", .realized, "2025-04-01", "XBTUSD", amount: "-0.02", wallet: "bitmex"),
            D.event("f1", .funding, "2025-04-02", "XBTUSD", amount: "-0.001", wallet: "bitmex"),
        ]
        let prices = D.prices(["BTC": [("2025-03-01", 50_000), ("2025-04-01", 60_000), ("2025-04-02", 60_000)]])
        let ledger = try DerivativeLedger.run(
            transactions: [Row.buy("b1", "2025-01-02", 1, "BTC", cost: 40_000, wallet: "bitmex")], instruments: [instrument], events: events,
            prices: prices, asOf: day("2025-12-31"))
        #expect(ledger.derivatives.gains.map(\.gain) == [500, -1_200])
        #expect(ledger.derivatives.gains.map(\.term) == [.short, .short])
        #expect(ledger.derivatives.fundingPaid.map(\.amount) == [60])
        #expect(ledger.spot.disposals.map(\.proceeds) == [1_200, 60])
        #expect(ledger.spot.disposals.map(\.gain) == [400, 20])
        let lots = ledger.spot.openLots.filter { $0.asset == Asset("BTC") }.sorted { $0.costBasis > $1.costBasis }
        #expect(lots.map(\.quantity) == ["0.979", "0.01"])
        #expect(lots.map(\.costBasis) == [39_160, 500])
        // The year nets the derivative result with the spot ones: 500 − 1,200 + 400 + 20 = −280 short-term.
        #expect(ledger.realized(year: 2025).netShortTerm == -280)
    }

    @Test("a realized result with no price of its settlement asset on its day is an error naming the event")
    func missingPrice() throws {
        let events = [D.event("r1", .realized, "2025-03-01", "XBTUSD", amount: "0.01")]
        #expect(throws: DerivativeError.missingSettlementPrice(event: "event r1", asset: Asset("BTC"), date: day("2025-03-01"))) {
            _ = try DerivativeBook.run(instruments: [try Self.xbtusd()], events: events, asOf: day("2025-12-31"))
        }
    }

    @Test("an open of a BTC-settled contract without the BTC it moved is refused, naming the instrument")
    func openWithoutAmount() throws {
        let option = try Instrument(symbol: "BTC-27DEC24-60000-C", kind: .option, underlying: Asset("BTC"), expiry: day("2024-12-27"),
                                    strike: 60_000, right: .call, settlementAsset: Asset("BTC"))
        let events = [D.event("o1", .open, "2024-11-01", option.symbol, side: .long, contracts: 1, price: 3_500)]
        #expect(throws: DerivativeError.unsupportedSettlement(instrument: option.symbol, asset: Asset("BTC"), base: .usd)) {
            _ = try DerivativeBook.run(instruments: [option], events: events, asOf: day("2025-01-01"))
        }
        // Worthless at expiry, it moves nothing and needs no amount: opened with its BTC, expired, a loss of the premium.
        let withAmount = [
            D.event("o1", .open, "2024-11-01", option.symbol, side: .long, contracts: 1, price: 3_500, fee: 21, amount: "-0.0503"),
            D.event("e1", .expire, "2024-12-27", option.symbol),
        ]
        let result = try DerivativeBook.run(instruments: [option], events: withAmount, asOf: day("2025-01-01"))
        #expect(result.gains.map(\.gain) == [-3_521] && result.gains.map(\.kind) == [.expire])
        #expect(result.spotTransactions.map(\.kind) == [.sell] && result.spotTransactions.map(\.value) == [3_521])
    }

    @Test("a realized result in the base currency: the amount itself less the fee, no spot movement")
    func realizedInBaseCurrency() throws {
        // A USD-settled perpetual: realized −250 with a fee of 5 → −255, short-term.
        let perpetual = try D.perpetual("ETH-USD-PERP", "ETH")
        let events = [D.event("r1", .realized, "2025-05-01", perpetual.symbol, fee: 5, amount: -250)]
        let result = try DerivativeBook.run(instruments: [perpetual], events: events, asOf: day("2025-12-31"))
        #expect(result.gains.map(\.gain) == [-255])
        #expect(result.spotTransactions.isEmpty)
    }
}
