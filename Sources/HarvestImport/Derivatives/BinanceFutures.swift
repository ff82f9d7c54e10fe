import HarvestCore

/// Binance's USDⓈ-M and COIN-M futures transaction history (Wallet → Futures → Transaction History → Export): one row
/// per balance change of the futures account. The layout is BittyTax's catalog (`binance.py`, "Binance Futures"); the
/// types are Binance's documented income types (`GET /fapi/v1/income`, `incomeType`).
///
/// What each row becomes (README "Derivatives from exchange exports"), every amount in `Asset` (USDT, USDC, BUSD for
/// USDⓈ-M; the coin for COIN-M), valued in USD on the day by the price store, the asset received or paid a spot
/// acquisition or disposal:
/// - `REALIZED_PNL`, `DELIVERED_SETTELMENT` (sic): a `realized` event of the contract `Symbol`.
/// - `COMMISSION`, `INSURANCE_CLEAR` (the liquidation fee), `COMMISSION_REBATE`, `API_REBATE`: a `realized` event too
///   (a cost or rebate of the contract's result); a commission paid in another asset than the contract settles in
///   (BNB) is a spot `spend` of it instead.
/// - `FUNDING_FEE`: a `funding` event (positive received, negative paid, as Binance writes it).
/// - `TRANSFER`, `INTERNAL_TRANSFER`, `CROSS_COLLATERAL_TRANSFER`: moves between Binance's own accounts, one wallet
///   (`binance`, as the spot statement's): passed over.
/// - Any other type: refused, naming the line.
enum BinanceFutures {
    static let format = DerivativeExportFormat(
        name: "binance-futures", title: "Binance USDⓈ-M or COIN-M futures transaction history", defaultWallet: "binance",
        headers: [["Date(UTC)", "type", "Amount", "Asset", "Symbol", "Transaction ID"]],
        survey: survey, read: read)

    static let resultTypes: Set<String> = ["REALIZED_PNL", "DELIVERED_SETTELMENT", "DELIVERED_SETTLEMENT", "FUNDING_FEE"]
    static let costTypes: Set<String> = ["COMMISSION", "INSURANCE_CLEAR", "COMMISSION_REBATE", "API_REBATE"]
    static let transferTypes: Set<String> = ["TRANSFER", "INTERNAL_TRANSFER", "CROSS_COLLATERAL_TRANSFER"]

    /// Each symbol's settlement asset: the asset of its results and funding, else of its first commission.
    static func survey(_ rows: [ExportRow], _ reader: inout DerivativeExportReader) {
        for row in rows where resultTypes.contains(row.text("type").uppercased()) {
            let key = "settles:" + row.text("Symbol")
            if reader.notes[key] == nil { reader.notes[key] = row.text("Asset").uppercased() }
        }
        for row in rows where costTypes.contains(row.text("type").uppercased()) {
            let key = "settles:" + row.text("Symbol")
            if reader.notes[key] == nil { reader.notes[key] = row.text("Asset").uppercased() }
        }
    }

    static func read(_ row: ExportRow, _ reader: inout DerivativeExportReader) {
        let type = row.text("type").uppercased()
        if transferTypes.contains(type) { return reader.skip("moves between Binance's own accounts (one wallet)") }
        guard resultTypes.contains(type) || costTypes.contains(type) else {
            return reader.fail(line: row.line, column: "type", "'\(row.text("type"))' is not a Binance futures type Harvest reads (REALIZED_PNL, "
                + "COMMISSION, FUNDING_FEE, INSURANCE_CLEAR, COMMISSION_REBATE, API_REBATE, DELIVERED_SETTELMENT, TRANSFER): its tax meaning "
                + "cannot be told from the balance change")
        }
        guard let time = reader.time(row, "Date(UTC)", utc: true), let amount = reader.number(row, "Amount") else { return }
        let asset = row.text("Asset").uppercased(), symbol = row.text("Symbol")
        guard !asset.isEmpty else { return reader.fail(line: row.line, column: "Asset", "missing asset") }
        guard !symbol.isEmpty else { return reader.fail(line: row.line, column: "Symbol", "a \(type) row needs the contract's symbol") }
        let transaction = row.text("Transaction ID")
        let id = transaction.isEmpty ? "h" + row.contentHash : "\(type):\(transaction):\(symbol)"
        guard !amount.isZero else { return reader.skip("Binance futures rows of zero") }
        let settlement = reader.notes["settles:" + symbol] ?? asset
        if asset != settlement {
            guard type == "COMMISSION", amount.isNegative else {
                return reader.fail(line: row.line, column: "Asset", "\(symbol)'s results settle in \(settlement): a \(type) in \(asset) is not read")
            }
            return reader.addSpot(row, id: id, time: time, asset: Asset(asset), quantity: amount, spend: true,
                                  note: "Binance futures commission of \(symbol) paid in \(asset)")
        }
        guard let instrument = instrument(symbol, settlement: Asset(settlement)) else {
            return reader.fail(line: row.line, column: "Symbol", "'\(symbol)' is not a Binance futures symbol (BTCUSDT, BTCUSDT_240329, BTCUSD_PERP, "
                + "BTCUSD_240329)")
        }
        reader.define(instrument, line: row.line, column: "Asset")
        reader.add(row, id: id, time: time, instrument: symbol, kind: type == "FUNDING_FEE" ? .funding : .realized, amount: Money(amount))
    }

    /// `BTCUSDT`, `BTCUSD_PERP` (perpetuals), `BTCUSDT_240329`, `BTCUSD_240329` (futures expiring that day).
    static func instrument(_ symbol: String, settlement: Asset) -> Instrument? {
        let parts = symbol.split(separator: "_").map(String.init)
        guard let pair = parts.first, let underlying = ContractSymbols.underlying(of: pair) else { return nil }
        switch parts.count {
        case 1, 2 where parts.last == "PERP":
            return try? Instrument(symbol: symbol, kind: .perpetual, underlying: underlying, settlementAsset: settlement)
        case 2:
            guard let expiry = ContractSymbols.yymmdd(parts[1]) else { return nil }
            return try? Instrument(symbol: symbol, kind: .future, underlying: underlying, expiry: expiry, settlementAsset: settlement)
        default:
            return nil
        }
    }
}
