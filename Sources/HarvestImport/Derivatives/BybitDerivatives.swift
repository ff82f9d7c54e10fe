import HarvestCore

/// Bybit's derivatives transaction log (Assets → Derivatives account → Transaction log → Export): one row per balance
/// change of the derivatives account. The layout is BittyTax's catalog (`bybit.py`); the meaning of the amounts is
/// Bybit's API documentation of the transaction log: `Change = Cash Flow − Funding − Fee Paid`, where `Funding` and
/// `Fee Paid` are positive when paid and negative when received.
///
/// What each row becomes (README "Derivatives from exchange exports"):
/// - `TRADE`, `SETTLEMENT`, `DELIVERY`, `LIQUIDATION` on a perpetual or future (`BTCUSDT`, `BTCUSD`, `BTCUSDH24`,
///   `BTC-27DEC24`): `Cash Flow − Fee Paid` a `realized` event, `−Funding` a `funding` event, both in `Currency` (the
///   contract's settlement asset: USDT, USDC, or the coin of an inverse contract), valued in USD on the day by the
///   price store; the currency received or paid is a spot acquisition or disposal.
/// - `TRANSFER_IN`, `TRANSFER_OUT`: moves between the user's own Bybit accounts, all one wallet: passed over.
/// - Options (`BTC-27DEC24-60000-C`) and any other type: refused, naming the line.
enum BybitDerivatives {
    static let format = DerivativeExportFormat(
        name: "bybit-derivatives", title: "Bybit derivatives transaction log", defaultWallet: "bybit",
        headers: [["Time", "Currency", "Contract", "Type", "Direction", "Quantity", "Position", "Filled Price", "Funding", "Fee Paid", "Cash Flow",
                   "Change", "Wallet Balance", "Fee Rate", "Trade ID", "Order ID"]],
        read: read)

    static let resultTypes: Set<String> = ["TRADE", "SETTLEMENT", "DELIVERY", "LIQUIDATION"]

    static func read(_ row: ExportRow, _ reader: inout DerivativeExportReader) {
        let type = row.text("Type").uppercased()
        if type == "TRANSFER_IN" || type == "TRANSFER_OUT" { return reader.skip("moves between Bybit's own accounts (one wallet)") }
        guard resultTypes.contains(type) else {
            return reader.fail(line: row.line, column: "Type", "'\(row.text("Type"))' is not a Bybit row type Harvest reads (TRADE, SETTLEMENT, "
                + "DELIVERY, LIQUIDATION, TRANSFER_IN, TRANSFER_OUT)")
        }
        guard let time = reader.time(row, "Time", utc: true) else { return }
        let currency = row.text("Currency").uppercased()
        guard !currency.isEmpty else { return reader.fail(line: row.line, column: "Currency", "missing the settlement currency") }
        let symbol = row.text("Contract")
        let instrument: Instrument
        switch Self.instrument(symbol, settlement: Asset(currency)) {
        case .success(let parsed): instrument = parsed
        case .failure(let problem): return reader.fail(line: row.line, column: "Contract", problem.message)
        }
        reader.define(instrument, line: row.line, column: "Currency")
        let errorsBefore = reader.errors.count
        let cashFlow = reader.number(row, "Cash Flow", required: false) ?? .zero
        let funding = reader.number(row, "Funding", required: false) ?? .zero
        let fee = reader.number(row, "Fee Paid", required: false) ?? .zero
        let change = reader.number(row, "Change", required: false)
        guard reader.errors.count == errorsBefore else { return }
        if let change, change != cashFlow - funding - fee {
            return reader.fail(line: row.line, column: "Change", "\(change) is not Cash Flow − Funding − Fee Paid (\(cashFlow - funding - fee))")
        }
        let id = row.text("Trade ID").isEmpty ? "h" + row.contentHash : type + ":" + row.text("Trade ID")
        let realized = cashFlow - fee
        if realized.isZero && funding.isZero { return reader.skip("Bybit rows that moved no balance") }
        if !realized.isZero { reader.add(row, id: id, time: time, instrument: symbol, kind: .realized, amount: Money(realized)) }
        if !funding.isZero { reader.add(row, id: id + "#funding", time: time, instrument: symbol, kind: .funding, amount: Money(-funding)) }
    }

    struct Problem: Error { let message: String }

    /// `BTCUSDT`, `BTCPERP`, `BTCUSD` (perpetuals), `BTCUSDH24` (an inverse future: month code, year; expiring on the
    /// month's last Friday), `BTC-27DEC24` or `BTCUSDT-27DEC24` (a future expiring that day). Options are refused.
    static func instrument(_ symbol: String, settlement: Asset) -> Result<Instrument, Problem> {
        let parts = symbol.split(separator: "-").map(String.init)
        do {
            if parts.count == 4 {
                return .failure(Problem(message: "\(symbol) is an option: Bybit's option rows are not read (their premium is in USDC); "
                    + "enter them in the Harvest CSV"))
            }
            if parts.count == 2, let expiry = ContractSymbols.dayMonthYear(parts[1]) {
                let underlying = ContractSymbols.underlying(of: parts[0]) ?? Asset(parts[0])
                return .success(try Instrument(symbol: symbol, kind: .future, underlying: underlying, expiry: expiry, settlementAsset: settlement))
            }
            if parts.count == 1 {
                if symbol.hasSuffix("PERP"), symbol.count > 4 {
                    return .success(try Instrument(symbol: symbol, kind: .perpetual, underlying: Asset(String(symbol.dropLast(4))), settlementAsset: settlement))
                }
                if let underlying = ContractSymbols.underlying(of: symbol) {
                    return .success(try Instrument(symbol: symbol, kind: .perpetual, underlying: underlying, settlementAsset: settlement))
                }
                if let future = BitMEX.instrument(symbol) {  // the same month-code naming: BTCUSDH24
                    let underlying = ContractSymbols.underlying(of: String(symbol.dropLast(3))) ?? future.underlying
                    return .success(try Instrument(symbol: symbol, kind: .future, underlying: underlying, expiry: future.expiry,
                                                   settlementAsset: settlement))
                }
            }
        } catch {
            return .failure(Problem(message: error.description))
        }
        return .failure(Problem(message: "'\(symbol)' is not a Bybit contract name (BTCUSDT, BTCUSD, BTCUSDH24, BTC-27DEC24)"))
    }
}
