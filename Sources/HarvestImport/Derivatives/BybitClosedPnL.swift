import HarvestCore

/// Bybit's closed P&L of derivatives (Orders → Derivatives → Closed P&L → Export): one row per closing order, its
/// profit or loss as Bybit computed it. Bybit's help ("Why Is My Closed P&L a Loss When My Unrealized Profit Was
/// Positive?"): the closed P&L is the position's P&L less the fees to open and to close it and the funding fees paid
/// while it was open. Two layouts, as readers of the real exports list them:
/// - until 2024 (`Contracts, Closing Direction, Qty, Entry Price, Exit Price, Closed P&L, Exit Type, Trade Time(UTC+0)`,
///   and with `Order No.` and `Create Time`): `Closed P&L` a `realized` event (its funding cannot be told apart);
/// - since (`Market, Order Quantity, Entry Price, Exit Price, Opening Fee, Closing Fee, Funding Fee, …, Trade Type,
///   Realized P&L, Trade time`, the time written `12:00 2026-01-10`, read as UTC like the other layout's):
///   `Realized P&L + Funding Fee` (the position's P&L less its trading fees) a `realized` event and `−Funding Fee` a
///   `funding` event (Bybit writes a funding fee paid positive).
///
/// The export names no currency: a contract's settlement asset is told by its name (`BTCUSDT` USDT, `BTCPERP` and
/// `BTC-27DEC24` USDC, `BTCUSD` and `BTCUSDH24` the coin), and checked against the fee cells' currency where the layout
/// has them (`{"USDT":"0.11"}`). This export and the transaction log (`bybit-derivatives`) hold the same results: import
/// one of them, not both.
enum BybitClosedPnL {
    static let legacyColumns = ["Contracts", "Closing Direction", "Qty", "Entry Price", "Exit Price", "Closed P&L", "Exit Type", "Trade Time(UTC+0)"]

    static let format = DerivativeExportFormat(
        name: "bybit-closed-pnl", title: "Bybit derivatives closed P&L", defaultWallet: "bybit",
        headers: [
            legacyColumns, legacyColumns + ["Order No.", "Create Time"],
            ["Market", "Order Quantity", "Entry Price", "Exit Price", "Opening Fee", "Closing Fee", "Funding Fee", "cumClosedPzOpenFeeInfo",
             "cumClosedPzTradeFeeInfo", "Trade Type", "Realized P&L", "Trade time"],
        ],
        read: read)

    static func read(_ row: ExportRow, _ reader: inout DerivativeExportReader) {
        let legacy = row.has("Contracts")
        let symbolColumn = legacy ? "Contracts" : "Market", timeColumn = legacy ? "Trade Time(UTC+0)" : "Trade time"
        let symbol = row.text(symbolColumn).uppercased()
        guard let time = reader.time(row, timeColumn, utc: true) else { return }
        guard let settlement = settlementAsset(of: symbol) else {
            return reader.fail(line: row.line, column: symbolColumn, "'\(row.text(symbolColumn))' is not a Bybit contract name (BTCUSDT, "
                + "BTCPERP, BTCUSD, BTCUSDH24, BTC-27DEC24)")
        }
        let instrument: Instrument
        switch BybitDerivatives.instrument(symbol, settlement: settlement) {
        case .success(let parsed): instrument = parsed
        case .failure(let problem): return reader.fail(line: row.line, column: symbolColumn, problem.message)
        }
        for column in ["cumClosedPzOpenFeeInfo", "cumClosedPzTradeFeeInfo"] where !row.text(column).isEmpty {
            // `{"USDT":"0.11"}`: the fee's currency, the contract's settlement asset.
            guard row.text(column).uppercased().contains("\"\(settlement.symbol)\"") else {
                return reader.fail(line: row.line, column: column, "\(symbol) settles in \(settlement) but its fees here are in another currency "
                    + "(\(row.text(column)))")
            }
        }
        reader.define(instrument, line: row.line, column: symbolColumn)
        let errorsBefore = reader.errors.count
        let closed = reader.number(row, legacy ? "Closed P&L" : "Realized P&L")
        let funding: Fixed = legacy ? .zero : reader.number(row, "Funding Fee", required: false) ?? .zero
        guard reader.errors.count == errorsBefore, let closed else { return }
        let id = occurrenceID(row, &reader)
        let realized = closed + funding
        if realized.isZero && funding.isZero { return reader.skip("Bybit closed P&L rows of zero") }
        if !realized.isZero { reader.add(row, id: id, time: time, instrument: symbol, kind: .realized, amount: Money(realized)) }
        if !funding.isZero { reader.add(row, id: id + "#funding", time: time, instrument: symbol, kind: .funding, amount: Money(-funding)) }
    }

    /// The row's id: its order number and time where the layout has them, else a hash of the row; a row the file repeats
    /// exactly is numbered (`#2`): two closing orders alike to the second are two results, and a re-import numbers them
    /// the same way.
    static func occurrenceID(_ row: ExportRow, _ reader: inout DerivativeExportReader) -> String {
        let order = row.text("Order No.")
        let base = order.isEmpty ? "h" + row.contentHash : "closed:\(order):\(row.text("Trade Time(UTC+0)"))"
        let key = "seen:" + base
        let count = (Int(reader.notes[key] ?? "0") ?? 0) + 1
        reader.notes[key] = String(count)
        return count == 1 ? base : "\(base)#\(count)"
    }

    /// The asset a Bybit contract settles in, told by its name: `…USDT` (and `…USDT-27DEC24`) USDT; `…PERP`, `…USDC` and
    /// `BTC-27DEC24` USDC; `…USD` and the month-code futures `…USDH24` the coin (inverse contracts). Nil for others.
    static func settlementAsset(of symbol: String) -> Asset? {
        let parts = symbol.split(separator: "-").map(String.init)
        guard let pair = parts.first, !pair.isEmpty else { return nil }
        if pair.hasSuffix("USDT") { return Asset("USDT") }
        if pair.hasSuffix("USDC") || pair.hasSuffix("PERP") { return Asset("USDC") }
        if parts.count >= 2 { return ContractSymbols.underlying(of: pair) == nil ? Asset("USDC") : nil }
        if let underlying = ContractSymbols.underlying(of: pair) { return underlying }
        guard BitMEX.instrument(pair) != nil else { return nil }  // BTCUSDH24: month code and year
        return ContractSymbols.underlying(of: pair.dropLast(3))
    }
}
