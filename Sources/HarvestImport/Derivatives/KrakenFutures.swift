import HarvestCore

/// Kraken Futures' account log (futures.kraken.com → History → Account log → Download all; Kraken Pro → Export, product
/// Futures): one row per change of a wallet's balance or of a position. The fields and their meaning are Kraken's:
/// the support article "Interpreting the logs" (times in UTC in the download) and the account-log API reference
/// (`GET /api/history/v3/account-log`, whose `/accountlogcsv` is this file: `realized_pnl` "the pnl that is realized by
/// reducing the position", `fee` "the fee paid", `realized_funding`). The column names are the CSV's, with and without
/// the conversion details (`exchange rate`, `exchange rate from`, `conversion fee`).
///
/// A trade is two rows: the position's (its `symbol` the contract, `pf_xbtusd`; it moves no balance and is passed over)
/// and the wallet's (its `symbol` the currency, `usd` or `xbt`; its `contract` the contract). What each wallet row becomes
/// (README "Derivatives from exchange exports"):
/// - `futures trade`, `futures liquidation`, `futures partial liquidation`, `futures assignor`, `futures assignee`,
///   `futures unwind counterparty`, `futures unwind bankrupt`, `covered liquidation`, `settlement`: `realized pnl − fee
///   − liquidation fee` a `realized` event, `realized funding` a `funding` event, both in the currency of `symbol` (USD
///   for the multi-collateral `PF_` and `FF_` contracts; the coin for the inverse `PI_` and `FI_` ones, `xbt` read as
///   BTC); `change`, the balance's change, must be their sum.
/// - `funding rate change`: `realized funding` (else `change`) a `funding` event of `contract`.
/// - `transfer`, `cross-exchange transfer`, `subaccount transfer`: moves between the user's Kraken wallets, one wallet
///   `kraken` (the spot ledger's): passed over. `kfee applied`: a fee paid with fee credits, no asset moved: passed over.
/// - `conversion` (collateral exchanged for USD: a spot trade), `interest payment` and any other type: refused, naming
///   the line.
enum KrakenFutures {
    static let columns = ["uid", "dateTime", "account", "type", "symbol", "contract", "change", "new balance", "new average entry price",
                          "trade price", "mark price", "funding rate", "realized pnl", "fee", "realized funding", "collateral",
                          "conversion spread percentage", "liquidation fee", "position uid"]

    static let format = DerivativeExportFormat(
        name: "kraken-futures", title: "Kraken Futures account log", defaultWallet: "kraken",
        headers: [columns, columns + ["exchange rate", "exchange rate from", "conversion fee"]],
        read: read)

    static let resultTypes: Set<String> = ["futures trade", "futures liquidation", "futures partial liquidation", "futures assignor",
                                           "futures assignee", "futures unwind counterparty", "futures unwind bankrupt", "covered liquidation",
                                           "settlement"]
    static let transferTypes: Set<String> = ["transfer", "cross-exchange transfer", "subaccount transfer"]

    static func read(_ row: ExportRow, _ reader: inout DerivativeExportReader) {
        let type = row.text("type").lowercased()
        if transferTypes.contains(type) { return reader.skip("moves between Kraken's own wallets (one wallet)") }
        if type == "kfee applied" { return reader.skip("Kraken Futures fees paid with fee credits (no asset moved)") }
        guard resultTypes.contains(type) || type == "funding rate change" else {
            let why = type == "conversion" || type == "conversion credit"
                ? ": a conversion exchanges collateral for USD, a spot trade this log does not give whole; enter it in the Harvest CSV and "
                    + "remove its rows" : ": its tax meaning cannot be told from the balance change"
            return reader.fail(line: row.line, column: "type", "'\(row.text("type"))' is not a Kraken Futures row type Harvest reads (futures "
                + "trade, futures liquidation, settlement, funding rate change, transfer, kfee applied...)" + why)
        }
        let symbol = row.text("symbol").lowercased(), contract = row.text("contract").lowercased()
        // The position's row of a trade: its size, not a balance.
        if symbol.contains("_") || (!contract.isEmpty && symbol == contract) {
            return reader.skip("Kraken Futures position rows (sizes, no balance)")
        }
        guard let time = reader.time(row, "dateTime", utc: true) else { return }
        guard !symbol.isEmpty else { return reader.fail(line: row.line, column: "symbol", "missing the currency of the balance") }
        guard !contract.isEmpty else { return reader.fail(line: row.line, column: "contract", "a \(type) row needs its contract") }
        let settlement = Asset(symbol == "xbt" ? "BTC" : symbol.uppercased())
        guard let instrument = instrument(contract, settlement: settlement) else {
            return reader.fail(line: row.line, column: "contract", "'\(row.text("contract"))' is not a Kraken Futures contract (PF_XBTUSD, "
                + "PI_XBTUSD, FI_XBTUSD_240628, FF_XBTUSD_240628)")
        }
        reader.define(instrument, line: row.line, column: "symbol")
        let id = row.text("uid").isEmpty ? "h" + row.contentHash : row.text("uid")
        let errorsBefore = reader.errors.count
        let change = reader.number(row, "change", required: false)
        let funding = reader.number(row, "realized funding", required: false)
        if type == "funding rate change" {
            guard reader.errors.count == errorsBefore else { return }
            guard let amount = funding ?? change else { return reader.fail(line: row.line, column: "realized funding", "missing number") }
            guard !amount.isZero else { return reader.skip("Kraken Futures rows that moved no balance") }
            return reader.add(row, id: id, time: time, instrument: instrument.symbol, kind: .funding, amount: Money(amount))
        }
        let pnl = reader.number(row, "realized pnl", required: false) ?? .zero
        let fee = reader.number(row, "fee", required: false) ?? .zero
        let liquidationFee = reader.number(row, "liquidation fee", required: false) ?? .zero
        guard reader.errors.count == errorsBefore else { return }
        let realized = pnl - fee - liquidationFee
        let funded = funding ?? .zero
        if let change, change != realized + funded {
            return reader.fail(line: row.line, column: "change", "\(change) is not realized pnl − fee − liquidation fee + realized funding "
                + "(\(realized + funded))")
        }
        if realized.isZero && funded.isZero { return reader.skip("Kraken Futures rows that moved no balance") }
        if !realized.isZero { reader.add(row, id: id, time: time, instrument: instrument.symbol, kind: .realized, amount: Money(realized)) }
        if !funded.isZero { reader.add(row, id: id + "#funding", time: time, instrument: instrument.symbol, kind: .funding, amount: Money(funded)) }
    }

    /// `pf_xbtusd`, `pi_xbtusd` (perpetuals: multi-collateral, inverse), `ff_xbtusd_240628`, `fi_xbtusd_240628` (futures
    /// expiring that day), in any case; named in capitals. `xbt` is BTC.
    static func instrument(_ contract: String, settlement: Asset) -> Instrument? {
        let parts = contract.uppercased().split(separator: "_").map(String.init)
        guard parts.count >= 2, let underlying = ContractSymbols.underlying(of: parts[1]) else { return nil }
        let symbol = parts.joined(separator: "_")
        switch (parts[0], parts.count) {
        case ("PF", 2), ("PI", 2):
            return try? Instrument(symbol: symbol, kind: .perpetual, underlying: underlying, settlementAsset: settlement)
        case ("FF", 3), ("FI", 3):
            guard let expiry = ContractSymbols.yymmdd(parts[2]) else { return nil }
            return try? Instrument(symbol: symbol, kind: .future, underlying: underlying, expiry: expiry, settlementAsset: settlement)
        default:
            return nil
        }
    }
}
