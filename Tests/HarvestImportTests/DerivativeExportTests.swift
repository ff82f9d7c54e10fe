import Foundation
import HarvestCore
@testable import HarvestImport
import HarvestTestSupport
import Testing

/// The exchanges' derivatives exports (`Sources/HarvestImport/Derivatives/`): each read from a row of its real layout
/// (the header exactly as the exchange writes it; the rows made up here and marked so, except BitMEX's real sample in
/// ../shared), its events replayed by the book against hand calculations.
struct DerivativeExportTests {
    static func parse(_ text: String, file: String = "export.csv", zone: TaxTimeZone = .utc) throws -> ParsedDerivativeExport {
        let format = try #require(DerivativeExports.detect(text), "the header is not recognized")
        return try DerivativeExports.parse(text, file: file, format: format, zone: zone)
    }

    static func failures(_ text: String, file: String = "export.csv") -> [String] {
        guard let format = DerivativeExports.detect(text) else { return ["not recognized"] }
        do {
            _ = try DerivativeExports.parse(text, file: file, format: format)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    static func replay(_ parsed: ParsedDerivativeExport, prices: [String: [(String, Price)]], asOf: String = "2026-01-01") throws -> DerivativeResult {
        var book = PriceBook()
        for (asset, series) in prices { book.set(Asset(asset), PriceSeries(series.map { (day($0.0), $0.1) })) }
        return try DerivativeBook.run(instruments: parsed.derivatives.instruments, events: parsed.derivatives.events.map(\.event), prices: book,
                                      asOf: day(asOf))
    }

    // MARK: - Deribit

    static let deribitHeader = "ID,UserSeq,Date,Instrument,Type,Side,Amount,Base Amount,Position,Price,Mark Price,Index Price,Cash Flow,Funding,"
        + "Fee Rate,Fee Charged,Fee Balance,Change,Balance,Equity,Trade ID,Order ID,Info,Note"

    @Test("Deribit perpetual: bought 1 BTC of BTC-PERPETUAL at 40,000, closed at 32,000, 0.0005 BTC fee each way")
    func deribitPerpetual() throws {
        // Rows made up for this test, in Deribit's layout. Deribit's inverse perpetual: 40,000 USD = 1 BTC at 40,000.
        // Closing at 32,000 realizes 40,000 × (1/40,000 − 1/32,000) = 1 − 1.25 = −0.25 BTC; each trade's fee is 0.0005 BTC:
        //   open:  Change −0.0005 BTC at BTC's close 40,000 on 2025-03-03 → realized −20
        //   close: Change −0.2505 BTC at BTC's close 32,000 on 2025-03-10 → realized −8,016
        //   total −8,036 = −8,000 (32,000 − 40,000 on 1 BTC) − 36 of fees, short-term.
        // The BTC paid is a spot disposal: 0.0005 BTC for 20, then 0.2505 BTC for 8,016.
        let text = Self.deribitHeader + """

            1001,1,2025-03-03 12:00:00,BTC-PERPETUAL,trade,buy,40000,1,40000,40000,40000,40000,0,0,0.0005,0.0005,0.0005,-0.0005,0.9995,0.9995,t1,o1,,
            1002,2,2025-03-10 12:00:00,BTC-PERPETUAL,trade,sell,40000,1.25,0,32000,32000,32000,-0.25,0,0.0005,0.0005,0.001,-0.2505,0.749,0.749,t2,o2,,
            1000,0,2025-03-01 09:00:00,,deposit,,,,,,,,1,0,0,0,0,1,1,1,,,,

            """
        let parsed = try Self.parse(text)
        #expect(parsed.derivatives.instruments.map(\.symbol) == ["BTC-PERPETUAL"])
        let perpetual = try #require(parsed.derivatives.instruments.first)
        #expect(perpetual.kind == .perpetual && perpetual.underlying == Asset("BTC") && perpetual.settlementAsset == Asset("BTC"))
        #expect(parsed.derivatives.events.map(\.event.kind) == [.realized, .realized])
        #expect(parsed.derivatives.events.map(\.event.amount) == ["-0.0005", "-0.2505"])
        // The deposit: 1 BTC into the wallet (the account's currency, told by its instrument rows).
        #expect(parsed.spot.rows.map(\.transaction.kind) == [.deposit])
        #expect(parsed.spot.rows.first?.transaction.received == Amount(1, Asset("BTC")))

        let result = try Self.replay(parsed, prices: ["BTC": [("2025-03-03", 40_000), ("2025-03-10", 32_000)]])
        #expect(result.gains.map(\.gain) == [-20, -8_016])
        #expect(result.gains.reduce(Money.zero) { $0 + $1.gain } == -8_036)
        #expect(result.gains.allSatisfy { $0.term == .short })
        #expect(result.spotTransactions.map(\.kind) == [.sell, .sell])
        #expect(result.spotTransactions.map { $0.sent?.quantity } == ["0.0005", "0.2505"])
        #expect(result.spotTransactions.map(\.value) == [20, 8_016])
    }

    @Test("Deribit option: a call bought and sold, the premium in BTC valued at the index price")
    func deribitOption() throws {
        // Rows made up for this test. Bought 1 BTC-27DEC24-60000-C on 2024-11-01 at 0.05 BTC, index 70,000, fee
        // 0.0003 BTC: cost 0.05 × 70,000 + 0.0003 × 70,000 = 3,500 + 21 = 3,521; Change −0.0503 BTC.
        // Sold on 2024-12-01 at 0.08 BTC, index 95,000, fee 0.0003 BTC: proceeds 7,600 − 28.50 = 7,571.50; Change +0.0797.
        // Gain 7,571.50 − 3,521 = 4,050.50, short-term (held a month), §1234(a).
        // Spot: 0.0503 BTC disposed of for 3,521; 0.0797 BTC acquired at a basis of 7,571.50.
        let text = Self.deribitHeader + """

            2001,1,2024-11-01 10:00:00,BTC-27DEC24-60000-C,trade,buy,1,1,1,0.05,0.05,70000,-0.05,0,0.0003,0.0003,0.0003,-0.0503,0.9497,0.9497,t1,o1,,
            2002,2,2024-12-01 10:00:00,BTC-27DEC24-60000-C,trade,sell,1,1,0,0.08,0.08,95000,0.08,0,0.0003,0.0003,0.0006,0.0797,1.0294,1.0294,t2,o2,,

            """
        let parsed = try Self.parse(text)
        let option = try #require(parsed.derivatives.instruments.first)
        #expect(option.kind == .option && option.right == .call && option.strike == 60_000 && option.expiry == day("2024-12-27"))
        #expect(option.underlying == Asset("BTC") && option.settlementAsset == Asset("BTC"))
        #expect(parsed.derivatives.events.map(\.event.kind) == [.open, .close])
        #expect(parsed.derivatives.events.map(\.event.price) == [3_500, 7_600])
        #expect(parsed.derivatives.events.map(\.event.fee) == [21, "28.5"])

        let result = try Self.replay(parsed, prices: [:])
        #expect(result.gains.map(\.gain) == ["4050.50"])
        #expect(result.gains.map(\.term) == [.short])
        #expect(result.spotTransactions.map(\.kind) == [.sell, .buy])
        #expect(result.spotTransactions.map(\.value) == [3_521, "7571.50"])
        #expect(result.spotTransactions.last?.received == Amount("0.0797", Asset("BTC")))
    }

    @Test("Deribit instrument names: perpetual, future, option, linear, decimal strike; spreads refused",
          arguments: [
            ("BTC-PERPETUAL", "perpetual BTC BTC - - -"),
            ("ETH-27DEC24", "future ETH ETH 2024-12-27 - -"),
            ("BTC-5JAN24", "future BTC BTC 2024-01-05 - -"),
            ("BTC-27DEC24-60000-C", "option BTC BTC 2024-12-27 60000 call"),
            ("ETH-28MAR25-2500-P", "option ETH ETH 2025-03-28 2500 put"),
            ("BTC_USDC-PERPETUAL", "perpetual BTC USDC - - -"),
            ("XRP_USDC-30AUG24-0d625-C", "option XRP USDC 2024-08-30 0.625 call"),
          ])
    func deribitNames(_ symbol: String, _ expected: String) throws {
        let instrument = try Deribit.instrument(symbol).get()
        let described = [instrument.kind.rawValue, instrument.underlying.symbol, instrument.settlementAsset.symbol,
                         instrument.expiry?.description ?? "-", instrument.strike?.description ?? "-", instrument.right?.rawValue ?? "-"]
        #expect(described.joined(separator: " ") == expected)
    }

    @Test("Deribit: a spread is refused, naming file, line and column; and an unknown type")
    func deribitRefusals() {
        let text = Self.deribitHeader + """

            1,1,2025-01-01 08:00:00,BTC-FS-27DEC24_PERP,trade,buy,10,0,10,100,100,100,0,0,0,0,0,0,1,1,,,,
            2,2,2025-01-01 08:00:00,BTC-PERPETUAL,bonus,,0,0,0,0,0,0,0,0,0,0,0,1,1,1,,,,
            3,3,2025-01-01 08:00:00,BTC-PERPETUAL,trade,buy,10,0,10,100,100,100,0,0,0,0,0,0.1x,1,1,,,,

            """
        let failures = Self.failures(text, file: "deribit.csv")
        #expect(failures.count == 3)
        #expect(failures[0].hasPrefix("deribit.csv:2: Instrument: 'BTC-FS-27DEC24_PERP' is not a Deribit instrument name"))
        #expect(failures[1].hasPrefix("deribit.csv:3: Type: 'bonus' is not a Deribit row type Harvest reads"))
        #expect(failures[2] == "deribit.csv:4: Change: '0.1x' is not a decimal number")
    }

    // MARK: - BitMEX

    @Test("BitMEX: the real wallet history, read row by row")
    func bitmexSample() throws {
        guard SharedData.exists("data/exports/bitmex/bitmex_wallet_history.csv") else {
            print("skipped: ../shared/data/exports/bitmex is absent")
            return
        }
        let text = try String(contentsOf: SharedData.folder("data/exports/bitmex/bitmex_wallet_history.csv"), encoding: .utf8)
        let parsed = try Self.parse(text, file: "bitmex_wallet_history.csv")
        // Read off the file: seven RealisedPNL rows on XBTUSD in satoshis, a completed deposit of 5,000,000 and a
        // completed withdrawal of 5,746,216 (fee 100,000 included), a cancelled withdrawal passed over.
        #expect(parsed.derivatives.instruments.map(\.symbol) == ["XBTUSD"])
        #expect(parsed.derivatives.instruments.first?.kind == .perpetual)
        #expect(parsed.derivatives.events.map(\.event.amount) == ["0.00085517", "-0.00000201", "-0.00000203", "-0.00000075", "-0.00000123",
                                                                  "0.00000016", "0.00000373"])
        #expect(parsed.derivatives.events.allSatisfy { $0.event.kind == .realized })
        #expect(parsed.derivatives.events.first?.event.date == day("2019-12-25"))
        #expect(parsed.derivatives.events.first?.event.source == SourceLocation(file: "bitmex_wallet_history.csv", line: 2))
        let spot = parsed.spot.rows.map(\.transaction)
        #expect(spot.map(\.kind) == [.withdrawal, .deposit])
        // 5,746,216 − 100,000 = 5,646,216 satoshis sent, 100,000 the fee.
        #expect(spot[0].sent == Amount("0.05646216", Asset("BTC")) && spot[0].fee == Amount("0.001", Asset("BTC")))
        #expect(spot[1].received == Amount("0.05", Asset("BTC")))
        #expect(parsed.spot.skipped == ["BitMEX rows not completed (Canceled)": 1])

        // Valued at a BTC close of 7,000 on each day (a price chosen for the test): 85,517 − 201 − 203 − 75 − 123 + 16
        // + 373 = 85,304 satoshis = 0.00085304 BTC → 5.97128; the latest row (line 2) 0.00085517 × 7,000 = 5.98619.
        let days = ["2019-12-19", "2019-12-20", "2019-12-21", "2019-12-22", "2019-12-23", "2019-12-24", "2019-12-25"]
        let result = try Self.replay(parsed, prices: ["BTC": days.map { ($0, 7_000) }], asOf: "2020-01-01")
        #expect(result.gains.reduce(Money.zero) { $0 + $1.gain } == "5.97128")
        #expect(result.gains.last?.gain == "5.98619")  // replayed in time order: the 12/25 row last
        #expect(result.gains.allSatisfy { $0.term == .short && $0.kind == .close })
        // Four losses paid in BTC are disposals, three profits acquisitions.
        #expect(result.spotTransactions.filter { $0.kind == .sell }.count == 4 && result.spotTransactions.filter { $0.kind == .buy }.count == 3)
    }

    static let bitmexHeader = #""transactTime","transactType","amount","fee","address","transactStatus","walletBalance""#

    @Test("BitMEX: no price of BTC on a result's day is an error naming the row")
    func bitmexMissingPrice() throws {
        // Made up: one RealisedPNL row.
        let text = Self.bitmexHeader + "\n" + #""3/1/2025, 12:00:00 PM","RealisedPNL","-100000","0","XBTUSD","Completed","0""# + "\n"
        let parsed = try Self.parse(text, file: "wallet.csv")
        #expect(throws: DerivativeError.missingSettlementPrice(event: "wallet.csv:2 (event \(parsed.derivatives.events[0].event.id))",
                                                              asset: Asset("BTC"), date: day("2025-03-01"))) {
            _ = try Self.replay(parsed, prices: [:])
        }
    }

    @Test("BitMEX: a bad amount and an unknown type name file, line and field")
    func bitmexBadRows() {
        let text = Self.bitmexHeader + "\n" + """
            "3/1/2025, 12:00:00 PM","RealisedPNL","12x","0","XBTUSD","Completed","0"
            "3/2/2025, 12:00:00 PM","AffiliatePayout","100","0","","Completed","0"
            "13/2/2025, 12:00:00 PM","Deposit","100","0","","Completed","0"

            """
        #expect(Self.failures(text, file: "wallet.csv") == [
            "wallet.csv:2: amount: '12x' is not a decimal number",
            "wallet.csv:3: transactType: 'AffiliatePayout' is not a BitMEX row type Harvest reads (RealisedPNL, Funding, Deposit, Withdrawal): "
                + "its tax meaning cannot be told from the balance change",
            "wallet.csv:4: transactTime: '13/2/2025, 12:00:00 PM' is not a time this export writes (YYYY-MM-DD hh:mm:ss, YY-MM-DD hh:mm:ss, "
                + "M/D/YYYY, h:mm:ss AM, hh:mm YYYY-MM-DD, or milliseconds since 1970)",
        ])
    }

    // MARK: - Bybit

    @Test("Bybit derivatives log: a linear perpetual closed at a loss with a fee, and a funding payment")
    func bybit() throws {
        // Rows made up for this test, in Bybit's layout. Long 0.1 BTCUSDT bought at 60,000, sold at 58,000: Cash Flow
        // (60,000 − 58,000) × 0.1 = −200 USDT, Fee Paid 3.19 USDT: realized −203.19 USDT. Funding paid 1.50 USDT (Bybit
        // writes a payment positive): a funding event of −1.50. At a USDT close of 1.00 (chosen for the test): −203.19 and
        // −1.50 USD; the USDT paid are spot disposals.
        let text = """
            Time,Currency,Contract,Type,Direction,Quantity,Position,Filled Price,Funding,Fee Paid,Cash Flow,Change,Wallet Balance,Fee Rate,Trade ID,Order ID
            2025-05-02 10:00:00,USDT,BTCUSDT,TRADE,SELL,0.1,0,58000,0,3.19,-200,-203.19,796.81,0.00055,tr-2,or-2
            2025-05-01 16:00:00,USDT,BTCUSDT,SETTLEMENT,,0,0.1,60000,1.50,0,0,-1.50,1000,,,
            2025-05-01 09:00:00,USDT,BTCUSDT,TRANSFER_IN,,0,0,0,0,0,1001.50,1001.50,1001.50,,,

            """
        let parsed = try Self.parse(text)
        let instrument = try #require(parsed.derivatives.instruments.first)
        #expect(instrument.kind == .perpetual && instrument.underlying == Asset("BTC") && instrument.settlementAsset == Asset("USDT"))
        #expect(parsed.derivatives.events.map(\.event.kind) == [.realized, .funding])
        #expect(parsed.derivatives.events.map(\.event.amount) == ["-203.19", "-1.50"])
        #expect(parsed.spot.skipped == ["moves between Bybit's own accounts (one wallet)": 1])
        let result = try Self.replay(parsed, prices: ["USDT": [("2025-05-01", 1), ("2025-05-02", 1)]])
        #expect(result.gains.map(\.gain) == ["-203.19"])
        #expect(result.fundingPaid.map(\.amount) == ["1.50"])
        #expect(result.spotTransactions.map { $0.sent?.quantity } == ["1.50", "203.19"])
    }

    @Test("Bybit: Change that is not Cash Flow − Funding − Fee Paid is refused, naming the line")
    func bybitInconsistent() {
        let text = """
            Time,Currency,Contract,Type,Direction,Quantity,Position,Filled Price,Funding,Fee Paid,Cash Flow,Change,Wallet Balance,Fee Rate,Trade ID,Order ID
            2025-05-02 10:00:00,USDT,BTCUSDT,TRADE,SELL,0.1,0,58000,0,3.19,-200,-200,796.81,0.00055,tr-2,or-2

            """
        #expect(Self.failures(text, file: "bybit.csv") == ["bybit.csv:2: Change: -200 is not Cash Flow − Funding − Fee Paid (-203.19)"])
    }

    // MARK: - Binance

    @Test("Binance USDⓈ-M futures: realized PnL, commission and funding of BTCUSDT; a BNB commission a spot spend")
    func binanceFutures() throws {
        // Rows made up for this test, in Binance's layout. REALIZED_PNL +150 USDT, COMMISSION −6 USDT, FUNDING_FEE −2.5
        // USDT on BTCUSDT, a COMMISSION of 0.01 BNB, a TRANSFER in. At a USDT close of 1.00 (chosen for the test): realized
        // 150 − 6 = 144, funding paid 2.50; the BNB commission is a spend of 0.01 BNB (valued by the lot engine).
        let text = """
            Date(UTC),type,Amount,Asset,Symbol,Transaction ID
            2025-06-01 08:00:00,TRANSFER,1000,USDT,,9001
            2025-06-02 10:00:00,REALIZED_PNL,150,USDT,BTCUSDT,9002
            2025-06-02 10:00:00,COMMISSION,-6,USDT,BTCUSDT,9002
            2025-06-02 10:00:00,COMMISSION,-0.01,BNB,BTCUSDT,9003
            25-06-02 16:00:00,FUNDING_FEE,-2.5,USDT,BTCUSDT,9004
            2025-06-03 10:00:00,REALIZED_PNL,0.001,BTC,BTCUSD_250627,9005

            """
        let parsed = try Self.parse(text)
        #expect(parsed.derivatives.instruments.map(\.symbol) == ["BTCUSDT", "BTCUSD_250627"])
        let future = try #require(parsed.derivatives.instruments.last)
        #expect(future.kind == .future && future.expiry == day("2025-06-27") && future.settlementAsset == Asset("BTC"))
        #expect(parsed.derivatives.events.map(\.event.kind) == [.realized, .realized, .funding, .realized])
        #expect(parsed.derivatives.events[2].event.date == day("2025-06-02"))
        #expect(parsed.spot.rows.map(\.transaction.kind) == [.spend])
        #expect(parsed.spot.rows.first?.transaction.sent == Amount("0.01", Asset("BNB")))
        let result = try Self.replay(parsed, prices: ["USDT": [("2025-06-02", 1)], "BTC": [("2025-06-03", 100_000)]])
        // 150 − 6 on BTCUSDT; 0.001 BTC × 100,000 = 100 on the COIN-M future.
        #expect(result.gains.map(\.gain) == [150, -6, 100])
        #expect(result.fundingPaid.map(\.amount) == ["2.5"])
    }

    @Test("Binance: an unknown type is refused, naming the line and the column")
    func binanceUnknownType() {
        let text = "Date(UTC),type,Amount,Asset,Symbol,Transaction ID\n2025-06-01 08:00:00,STRATEGY_UMFUTURES_TRANSFER,5,USDT,,1\n"
        let failures = Self.failures(text, file: "futures.csv")
        #expect(failures.count == 1 && failures[0].hasPrefix("futures.csv:2: type: 'STRATEGY_UMFUTURES_TRANSFER' is not a Binance futures type"))
    }

    @Test("detection: each export by its own header; a spot export is none of them")
    func detection() {
        #expect(DerivativeExports.detect(Self.deribitHeader + "\n")?.name == "deribit")
        #expect(DerivativeExports.detect(Self.bitmexHeader + "\n")?.name == "bitmex")
        #expect(DerivativeExports.detect("Date(UTC),type,Amount,Asset,Symbol,Transaction ID\n")?.name == "binance-futures")
        #expect(DerivativeExports.detect("Time,Currency,Contract,Type,Direction,Quantity,Position,Filled Price,Funding,Fee Paid,Cash Flow,Change,"
            + "Wallet Balance,Fee Rate,Trade ID,Order ID\n")?.name == "bybit-derivatives")
        // Deribit's oldest layout (Size, Fee Paid, no Index Price).
        #expect(DerivativeExports.detect("ID,UserSeq,Date,Instrument,Type,Side,Size,Position,Price,Mark Price,Cash Flow,Funding,Fee Rate,Fee Paid,"
            + "Fee Balance,Change,Balance,Equity,Trade ID,Order ID,Info\n")?.name == "deribit")
        #expect(DerivativeExports.detect("timestamp,type,wallet,sent_quantity,sent_asset\n") == nil)
    }
}
