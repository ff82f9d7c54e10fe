import HarvestCore
@testable import HarvestImport
import HarvestTestSupport
import Testing

/// Kraken Futures' account log, OKX's trading history with derivatives rows and Bybit's closed P&L
/// (`Sources/HarvestImport/Derivatives/`): each read from rows of its real layout (the header exactly as the exchange
/// writes it; the values made up here and marked so), its events replayed by the book against hand calculations.
struct DerivativeExportMoreTests {
    typealias Exports = DerivativeExportTests

    // MARK: - Kraken Futures

    static let krakenHeader = "uid,dateTime,account,type,symbol,contract,change,new balance,new average entry price,trade price,mark price,"
        + "funding rate,realized pnl,fee,realized funding,collateral,conversion spread percentage,liquidation fee,position uid"

    @Test("Kraken Futures account log: PF_XBTUSD opened and closed with fees, a funding payment; position rows and transfers passed over")
    func krakenFutures() throws {
        // Rows made up for this test, in Kraken's layout (newest first, as Kraken writes the file). Long 0.01 BTC of the
        // multi-collateral perpetual PF_XBTUSD (settled in USD) bought at 60,000, sold at 62,000; fee 0.06% of the
        // notional each way:
        //   open  (line 5): realized pnl 0, fee 0.01 × 60,000 × 0.0006 = 0.36 → realized −0.36
        //   close (line 3): realized pnl 0.01 × (62,000 − 60,000) = 20, fee 0.01 × 62,000 × 0.0006 = 0.372 → realized 19.628
        //   funding (line 4): realized funding −0.15 (paid) → funding −0.15
        // Gains −0.36 + 19.628 = 19.268 USD = 20 − 0.732 of fees, short-term; funding paid 0.15. USD is the base
        // currency: no price is needed. Lines 2 and 6 are the trades' position rows, line 7 a transfer from the spot wallet.
        let text = Self.krakenHeader + """

            k5,2025-04-02 10:00:00,flex,futures trade,pf_xbtusd,pf_xbtusd,-0.01,0,60000,62000,62010,,,,,,,,
            k4,2025-04-02 10:00:00,flex,futures trade,usd,pf_xbtusd,19.628,0,,62000,62010,,20,0.372,,,,,
            k3,2025-04-01 16:00:00,flex,funding rate change,usd,pf_xbtusd,-0.15,0,,,,0.0000025,,0,-0.15,,,,
            k2,2025-04-01 09:00:00,flex,futures trade,usd,pf_xbtusd,-0.36,0,,60000,60005,,0,0.36,,,,,
            k1,2025-04-01 09:00:00,flex,futures trade,pf_xbtusd,pf_xbtusd,0.01,0.01,60000,60000,60005,,,,,,,,
            k0,2025-04-01 08:00:00,flex,cross-exchange transfer,usd,,1000,1000,,,,,,,,,,,

            """
        let parsed = try Exports.parse(text, file: "kraken-futures.csv")
        #expect(parsed.derivatives.instruments.map(\.symbol) == ["PF_XBTUSD"])
        let perpetual = try #require(parsed.derivatives.instruments.first)
        #expect(perpetual.kind == .perpetual && perpetual.underlying == Asset("BTC") && perpetual.settlementAsset == .usd)
        #expect(parsed.derivatives.events.map(\.event.kind) == [.realized, .funding, .realized])
        #expect(parsed.derivatives.events.map(\.event.amount) == ["19.628", "-0.15", "-0.36"])
        #expect(parsed.derivatives.events.map(\.event.id) == ["k4", "k3", "k2"])
        #expect(parsed.derivatives.events.first?.event.source == SourceLocation(file: "kraken-futures.csv", line: 3))
        #expect(parsed.spot.skipped == ["Kraken Futures position rows (sizes, no balance)": 2, "moves between Kraken's own wallets (one wallet)": 1])

        let result = try Exports.replay(parsed, prices: [:])
        #expect(result.gains.map(\.gain) == ["-0.36", "19.628"])
        #expect(result.gains.reduce(Money.zero) { $0 + $1.gain } == "19.268")
        #expect(result.gains.allSatisfy { $0.term == .short })
        #expect(result.fundingPaid.map(\.amount) == ["0.15"])
        #expect(result.spotTransactions.isEmpty)  // settled in the base currency: nothing to acquire or dispose of
    }

    @Test("Kraken Futures: an inverse PI_XBTUSD result in XBT is valued at BTC's close; the layout with conversion details")
    func krakenInverse() throws {
        // Made up: a close of the inverse perpetual in the margin account f-xbt:usd, realized pnl 0.002 XBT, fee
        // 0.00005 XBT: realized 0.00195 BTC, at a BTC close of 80,000 (chosen for the test) 156 USD; the BTC received
        // is an acquisition at that value.
        let text = Self.krakenHeader + ",exchange rate,exchange rate from,conversion fee\n"
            + "u1,2025-05-01 12:00:00,f-xbt:usd,futures trade,xbt,pi_xbtusd,0.00195,1.00195,,80000,80001,,0.002,0.00005,,,,,,,,\n"
        let parsed = try Exports.parse(text)
        let instrument = try #require(parsed.derivatives.instruments.first)
        #expect(instrument.symbol == "PI_XBTUSD" && instrument.settlementAsset == Asset("BTC"))
        let result = try Exports.replay(parsed, prices: ["BTC": [("2025-05-01", 80_000)]])
        #expect(result.gains.map(\.gain) == [156])
        #expect(result.spotTransactions.map(\.kind) == [.buy])
        #expect(result.spotTransactions.first?.received == Amount("0.00195", Asset("BTC")))
    }

    @Test("Kraken Futures: a bad number, a change that is not the sum, a conversion and a bad contract name file, line and column")
    func krakenRefusals() {
        let text = Self.krakenHeader + """

            k1,2025-04-01 09:00:00,flex,futures trade,usd,pf_xbtusd,-0.36,0,,60000,60005,,0,0.3x,,,,,
            k2,2025-04-01 09:00:00,flex,futures trade,usd,pf_xbtusd,-0.31,0,,60000,60005,,0,0.36,,,,,
            k3,2025-04-01 10:00:00,flex,conversion,xbt,,-0.001,0,,,,,,,,,,,
            k4,2025-04-01 11:00:00,flex,futures trade,usd,pf_xbt,-0.36,0,,60000,60005,,0,0.36,,,,,

            """
        let failures = Exports.failures(text, file: "kraken.csv")
        #expect(failures.count == 4)
        #expect(failures.first == "kraken.csv:2: fee: '0.3x' is not a decimal number")
        #expect(failures.dropFirst().first == "kraken.csv:3: change: -0.31 is not realized pnl − fee − liquidation fee + realized funding (-0.36)")
        #expect(failures.dropFirst(2).first?.hasPrefix("kraken.csv:4: type: 'conversion' is not a Kraken Futures row type Harvest reads") == true)
        #expect(failures.dropFirst(3).first?.hasPrefix("kraken.csv:5: contract: 'pf_xbt' is not a Kraken Futures contract") == true)
    }

    // MARK: - OKX

    static let okxHeader = "id,Order id,Time,Trade Type,Instrument,Type,Amount,Unit,PL,Fee,Position Change,Position Balance,Balance Change,"
        + "Balance,Unit"

    @Test("OKX trading history: perpetual fills' PL and fees, funding, an inverse swap; the spot trade and transfer read as okx-trading")
    func okx() throws {
        // Rows made up for this test, in the layout BittyTax's catalog lists for OKX Trades. BTC-USDT-SWAP (0.01 BTC a
        // contract): 10 contracts long at 60,000 (fee 0.05% of 6,000 = 3 USDT), closed at 60,500: PL 0.1 × 500 = 50,
        // fee 0.05% of 6,050 = 3.025:
        //   open  (line 4): PL 0 + Fee −3 → realized −3
        //   close (line 5): PL 50 + Fee −3.025 → realized 46.975
        //   funding (line 6): Balance Change −1.2 → funding −1.2 (paid)
        // BTC-USD-SWAP (inverse, settled in BTC), a short closed (line 7): PL 0.004 + Fee −0.0001 → realized 0.0039 BTC,
        // at a BTC close of 50,000 → 195. At a USDT close of 1.00 (chosen for the test): gains −3, 46.975, 195 (total
        // 238.975), funding paid 1.20.
        // The spot Buy and Sell rows (lines 2-3) are one trade of 600 USDT for 0.01 BTC, fee 0.00001 BTC, as okx-trading
        // reads it; the transfer (line 8) is passed over.
        let text = Self.okxHeader + """

            5001,9001,2025-03-01 12:00:00,Spot,BTC-USDT,Buy,0.01,BTC,0,-0.00001,0,0,0.00999,0.00999,BTC
            5001,9001,2025-03-01 12:00:00,Spot,BTC-USDT,Sell,600,USDT,0,0,0,0,-600,1400,USDT
            6001,9101,2025-03-02 09:00:00,Perpetual,BTC-USDT-SWAP,Open long,10,cont,0,-3,10,10,-3,1397,USDT
            6002,9102,2025-03-03 09:00:00,Perpetual,BTC-USDT-SWAP,Close long,10,cont,50,-3.025,-10,0,46.975,1442.775,USDT
            6003,,2025-03-02 16:00:00,Perpetual,BTC-USDT-SWAP,Funding fee,0,cont,0,0,0,10,-1.2,1395.8,USDT
            6004,9103,2025-03-04 09:00:00,Perpetual,BTC-USD-SWAP,Close short,100,cont,0.004,-0.0001,100,0,0.0039,0.0539,BTC
            5002,,2025-03-05 12:00:00,Transfer,,Transfer in,100,USDT,0,0,0,0,100,1542.775,USDT

            """
        let parsed = try Exports.parse(text, file: "okx.csv")
        #expect(parsed.derivatives.instruments.map(\.symbol) == ["BTC-USDT-SWAP", "BTC-USD-SWAP"])
        #expect(parsed.derivatives.instruments.map(\.settlementAsset) == [Asset("USDT"), Asset("BTC")])
        #expect(parsed.derivatives.instruments.allSatisfy { $0.kind == .perpetual && $0.underlying == Asset("BTC") })
        #expect(parsed.derivatives.events.map(\.event.kind) == [.realized, .realized, .funding, .realized])
        #expect(parsed.derivatives.events.map(\.event.amount) == ["-3", "46.975", "-1.2", "0.0039"])
        // The spot rows: stored under okx-trading's name, on their own lines.
        #expect(parsed.spot.source == "okx-trading")
        let trade = try #require(parsed.spot.rows.first?.transaction)
        #expect(parsed.spot.rows.count == 1 && trade.kind == .trade)
        #expect(trade.received == Amount("0.01", Asset("BTC")) && trade.sent == Amount(600, Asset("USDT")))
        #expect(trade.fee == Amount("0.00001", Asset("BTC")))
        #expect(trade.source?.line == 2)
        #expect(parsed.spot.skipped == ["moves between OKX's funding and trading accounts": 1])

        let result = try Exports.replay(parsed, prices: ["USDT": [("2025-03-02", 1), ("2025-03-03", 1)], "BTC": [("2025-03-04", 50_000)]])
        #expect(result.gains.map(\.gain) == [-3, "46.975", 195])
        #expect(result.gains.reduce(Money.zero) { $0 + $1.gain } == "238.975")
        #expect(result.fundingPaid.map(\.amount) == ["1.2"])
    }

    @Test("OKX: a bad PL, an option, and a bad spot row name file, line and column")
    func okxRefusals() {
        let text = Self.okxHeader + """

            6001,9101,2025-03-02 09:00:00,Perpetual,BTC-USDT-SWAP,Close long,10,cont,5o,-3,-10,0,47,1397,USDT
            6002,9102,2025-03-02 10:00:00,Option,BTC-USD-250328-60000-C,Buy,1,cont,0,-0.0003,1,1,-0.0503,0.9497,BTC
            5001,9001,2025-03-01 12:00:00,Spot,BTC-USDT,Buy,0.0x,BTC,0,-0.00001,0,0,0.00999,0.00999,BTC
            5001,9001,2025-03-01 12:00:00,Spot,BTC-USDT,Sell,600,USDT,0,0,0,0,-600,1400,USDT
            6003,9103,2025-03-02 11:00:00,Futures,BTC-USDT-250328,Close long,1,cont,1,-0.1,-1,0,0.9,1398,

            """
        let failures = Exports.failures(text, file: "okx.csv")
        #expect(failures.contains("okx.csv:2: PL: '5o' is not a decimal number"))
        #expect(failures.contains { $0.hasPrefix("okx.csv:3: Instrument: BTC-USD-250328-60000-C is an option") })
        #expect(failures.contains { $0.hasPrefix("okx.csv:4: Amount") })  // okx-trading's message, on the file's line
        #expect(failures.contains("okx.csv:6: Unit (the balance's): missing the balance's currency"))
        #expect(failures.count == 4)
    }

    // MARK: - Bybit closed P&L

    static let bybitClosedHeader = "Market,Order Quantity,Entry Price,Exit Price,Opening Fee,Closing Fee,Funding Fee,cumClosedPzOpenFeeInfo,"
        + "cumClosedPzTradeFeeInfo,Trade Type,Realized P&L,Trade time"

    @Test("Bybit closed P&L: a USDT perpetual's result split into realized and funding; an inverse one in BTC")
    func bybitClosedPnL() throws {
        // Rows made up for this test, in Bybit's current layout. BTCUSDT long 0.1 from 60,000 to 62,000: position P&L
        // 0.1 × 2,000 = 200, fees 3.30 + 3.41, funding paid 1.50: Realized P&L 200 − 6.71 − 1.50 = 191.79 (Bybit's
        // closed P&L, all costs out). Read as realized 191.79 + 1.50 = 193.29 and funding −1.50, in USDT; at a USDT close
        // of 1.00 (chosen for the test) a gain of 193.29 and 1.50 of funding paid.
        // BTCUSD (inverse, settled in BTC) long 1,000 USD from 50,000 to 40,000: 1,000 × (1/50,000 − 1/40,000) = −0.005
        // BTC, fees 0.000027: −0.005027 BTC; at a BTC close of 100,000 (chosen) a loss of 502.70; the BTC paid a disposal.
        let text = Self.bybitClosedHeader + """

            BTCUSDT,0.1000,60000,62000,3.3,3.41,1.5,"{""USDT"":""3.3""}","{""USDT"":""3.41""}",Trade,191.79,12:00 2025-07-02
            BTCUSD,1000,50000,40000,0.000012,0.000015,0,"{""BTC"":""0.000012""}","{""BTC"":""0.000015""}",Trade,-0.005027,09:30 2025-07-03

            """
        let parsed = try Exports.parse(text, file: "Bybit-AllPerp-ClosedPNL.csv")
        #expect(parsed.derivatives.instruments.map(\.symbol) == ["BTCUSDT", "BTCUSD"])
        #expect(parsed.derivatives.instruments.map(\.settlementAsset) == [Asset("USDT"), Asset("BTC")])
        #expect(parsed.derivatives.events.map(\.event.kind) == [.realized, .funding, .realized])
        #expect(parsed.derivatives.events.map(\.event.amount) == ["193.29", "-1.5", "-0.005027"])
        #expect(parsed.derivatives.events.first?.event.date == day("2025-07-02"))
        #expect(parsed.derivatives.events.first?.timestampText == "2025-07-02T12:00:00Z")

        let result = try Exports.replay(parsed, prices: ["USDT": [("2025-07-02", 1)], "BTC": [("2025-07-03", 100_000)]])
        #expect(result.gains.map(\.gain) == ["193.29", "-502.7"])
        #expect(result.fundingPaid.map(\.amount) == ["1.5"])
        #expect(result.gains.allSatisfy { $0.term == .short })
    }

    @Test("Bybit closed P&L, the layout until 2024: Closed P&L a realized event, keyed by order number")
    func bybitClosedPnLLegacy() throws {
        // Made up: ETHUSDT closed long of 2 ETH from 3,000 to 2,900: −200 less 1.20 of fees and funding = −201.20 USDT
        // (Bybit's closed P&L); at a USDT close of 1.00 (chosen) a loss of 201.20. Its funding cannot be told apart.
        let text = """
            Contracts,Closing Direction,Qty,Entry Price,Exit Price,Closed P&L,Exit Type,Trade Time(UTC+0),Order No.,Create Time
            ETHUSDT,Close Long,2,3000,2900,-201.2,Trade,2025-08-01 10:00:00,ab12cd34,2025-07-30 08:00:00

            """
        let parsed = try Exports.parse(text)
        #expect(parsed.derivatives.events.map(\.event.kind) == [.realized])
        #expect(parsed.derivatives.events.map(\.event.id) == ["closed:ab12cd34:2025-08-01 10:00:00"])
        let result = try Exports.replay(parsed, prices: ["USDT": [("2025-08-01", 1)]])
        #expect(result.gains.map(\.gain) == ["-201.2"])
    }

    @Test("Bybit closed P&L: a bad amount, a bad time, fees in another currency and an option name file, line and column")
    func bybitClosedPnLRefusals() {
        let text = Self.bybitClosedHeader + """

            BTCUSDT,0.1,60000,62000,3.3,3.41,1.5,"{""USDT"":""3.3""}","{""USDT"":""3.41""}",Trade,"191,79",12:00 2025-07-02
            BTCUSDT,0.1,60000,62000,3.3,3.41,1.5,"{""USDT"":""3.3""}","{""USDT"":""3.41""}",Trade,191.79,25:00 2025-07-02
            BTCUSDT,0.1,60000,62000,3.3,3.41,1.5,"{""USDC"":""3.3""}","{""USDT"":""3.41""}",Trade,191.79,12:00 2025-07-02
            BTC-27DEC24-60000-C,1,100,200,0,0,0,,,Trade,100,12:00 2025-07-02

            """
        let failures = Exports.failures(text, file: "closed.csv")
        #expect(failures.count == 4)
        #expect(failures.first == "closed.csv:2: Realized P&L: '191,79' is not a decimal number")
        #expect(failures.dropFirst().first?.hasPrefix("closed.csv:3: Trade time: '25:00 2025-07-02' is not a") == true)
        #expect(failures.dropFirst(2).first?.hasPrefix("closed.csv:4: cumClosedPzOpenFeeInfo: BTCUSDT settles in USDT") == true)
        #expect(failures.dropFirst(3).first?.hasPrefix("closed.csv:5: Market: BTC-27DEC24-60000-C is an option") == true)
    }

    // MARK: - Detection

    @Test("detection: each new export by its own header; OKX's spot-only layout stays okx-trading's")
    func detection() {
        #expect(DerivativeExports.detect(Self.krakenHeader + "\n")?.name == "kraken-futures")
        #expect(DerivativeExports.detect(Self.krakenHeader + ",exchange rate,exchange rate from,conversion fee\n")?.name == "kraken-futures")
        #expect(DerivativeExports.detect(Self.okxHeader + "\n")?.name == "okx-derivatives")
        #expect(DerivativeExports.detect(Self.bybitClosedHeader + "\n")?.name == "bybit-closed-pnl")
        #expect(DerivativeExports.detect("Contracts,Closing Direction,Qty,Entry Price,Exit Price,Closed P&L,Exit Type,Trade Time(UTC+0)\n")?.name
            == "bybit-closed-pnl")
        // The 12 columns okx-trading names, without the position columns: not this export.
        #expect(DerivativeExports.detect("id,Order id,Time,Trade Type,Instrument,Type,Amount,Unit,PL,Fee,Balance Change,Balance\n") == nil)
    }
}
