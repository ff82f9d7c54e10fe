import HarvestCore

/// OKX's trading history (Assets → Order center → Trading history → Download), the layout BittyTax's catalog lists
/// (`okx.py`, "OKX Trades" v2): spot, margin, futures and perpetual swap rows in one file, one row per fill, with the
/// realized profit or loss of a closing fill (`PL`), its fee (`Fee`, negative when paid, as the spot rows write it) and
/// the balance's change, in the currency of the second `Unit` column (the balance's). What each row becomes (README
/// "Derivatives from exchange exports"):
/// - `Trade Type` Futures, Expiry futures, Perpetual or Swap, on an instrument named `BTC-USDT-SWAP`, `BTC-USD-SWAP`
///   (perpetuals) or `BTC-USDT-241227`, `BTC-USD-241227` (futures expiring that day):
///   - a `Type` with "funding" in it (`Funding fee`): `Balance Change` a `funding` event (positive received);
///   - any other (`Open long`, `Close short`, `Buy`, `Sell`, a liquidation, a delivery): `PL + Fee` a `realized` event
///     (the fill's realized profit or loss less its fee; an opening fill's is its fee);
///   both in the balance's `Unit` (USDT or USDC for the linear contracts, the coin for the inverse ones), valued in USD
///   on the day by the price store.
/// - Options (`BTC-USD-241227-60000-C`): refused, naming the line (their premium is in the coin).
/// - Every other row (spot trades, transfers, margin) is read by the spot format `okx-trading`, exactly as that format
///   reads the file alone (its rows stored under its name, so a file imported before adds nothing again): its spot
///   trades become trades, its transfers are passed over, its margin rows are refused.
///
/// Times are read as UTC, as `okx-trading` reads them.
enum OKXDerivatives {
    static let format = DerivativeExportFormat(
        name: "okx-derivatives", title: "OKX trading history with futures and perpetual swap rows (spot rows read as okx-trading)",
        defaultWallet: "okx",
        headers: [["id", "Order id", "Time", "Trade Type", "Instrument", "Type", "Amount", "Unit", "PL", "Fee", "Position Change", "Position Balance",
                   "Balance Change", "Balance", "Unit"]],
        spotSource: "okx-trading", survey: survey, read: read)

    /// The balance's currency: the header's second `Unit` column.
    static let balanceUnit = "Unit #2"

    /// Whether a row's `Trade Type` is a derivative's (futures, perpetual swap, option), read here rather than by `okx-trading`.
    static func isDerivative(_ row: ExportRow) -> Bool {
        let tradeType = row.text("Trade Type").lowercased()
        return ["futures", "expiry", "perpetual", "swap", "option"].contains { tradeType.hasPrefix($0) }
    }

    /// Hands the rows that are not a derivative's to `okx-trading`, on the lines they hold in the file.
    static func survey(_ rows: [ExportRow], _ reader: inout DerivativeExportReader) {
        let spotRows = rows.filter { !isDerivative($0) }
        guard !spotRows.isEmpty, let spot = ExchangeFormats.named(format.spotSource) else { return }
        // The header on line 1, each row on its own line (the lines between left blank): errors name the file's lines.
        var text = csvLine(reader.header)
        var line = 1
        for row in spotRows {
            while line < row.line {
                text += "\n"
                line += 1
            }
            text += csvLine(row.fields)
        }
        text += "\n"
        do {
            let options = ExchangeImporter.Options(zone: reader.zone, wallet: reader.wallet.name)
            let parsed = try ExchangeImporter.parse(text, file: reader.file, format: spot, headerLine: 1, options: options)
            reader.spotRows += parsed.rows
            reader.duplicatesInFile += parsed.duplicatesInFile
            for (reason, count) in parsed.skipped { reader.skipped[reason, default: 0] += count }
        } catch {
            reader.errors += error.errors
        }
    }

    static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }

    static func read(_ row: ExportRow, _ reader: inout DerivativeExportReader) {
        guard isDerivative(row) else { return }  // read by okx-trading in `survey`
        guard let time = reader.time(row, "Time", utc: true) else { return }
        let symbol = row.text("Instrument").uppercased()
        let unit = row.text(balanceUnit).uppercased()
        guard !unit.isEmpty else { return reader.fail(line: row.line, column: "Unit (the balance's)", "missing the balance's currency") }
        let instrument: Instrument
        switch Self.instrument(symbol, settlement: Asset(unit)) {
        case .success(let parsed): instrument = parsed
        case .failure(let problem): return reader.fail(line: row.line, column: "Instrument", problem.message)
        }
        reader.define(instrument, line: row.line, column: "Unit (the balance's)")
        let written = row.text("id")
        let id = written.isEmpty ? "h" + row.contentHash : written
        if row.text("Type").lowercased().contains("funding") {
            guard let amount = reader.number(row, "Balance Change") else { return }
            guard !amount.isZero else { return reader.skip("OKX derivatives rows that moved no balance") }
            return reader.add(row, id: id, time: time, instrument: symbol, kind: .funding, amount: Money(amount))
        }
        let errorsBefore = reader.errors.count
        let profit = reader.number(row, "PL", required: false) ?? .zero
        let fee = reader.number(row, "Fee", required: false) ?? .zero
        guard reader.errors.count == errorsBefore else { return }
        let realized = profit + fee
        guard !realized.isZero else { return reader.skip("OKX derivatives rows that moved no balance") }
        reader.add(row, id: id, time: time, instrument: symbol, kind: .realized, amount: Money(realized))
    }

    struct Problem: Error { let message: String }

    /// `BTC-USDT-SWAP`, `BTC-USD-SWAP` (perpetuals), `BTC-USDT-241227`, `BTC-USD-241227` (futures expiring that day; the
    /// date YYMMDD). Options (`BTC-USD-241227-60000-C`) are refused.
    static func instrument(_ symbol: String, settlement: Asset) -> Result<Instrument, Problem> {
        let parts = symbol.split(separator: "-").map(String.init)
        if parts.count == 5 {
            return .failure(Problem(message: "\(symbol) is an option: OKX's option rows are not read (their premium is in the coin); "
                + "enter them in the Harvest CSV"))
        }
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber }) else {
            return .failure(Problem(message: "'\(symbol)' is not an OKX futures or swap instrument (BTC-USDT-SWAP, BTC-USD-SWAP, BTC-USDT-241227)"))
        }
        let underlying = Asset(parts[0])
        do {
            if parts[2] == "SWAP" {
                return .success(try Instrument(symbol: symbol, kind: .perpetual, underlying: underlying, settlementAsset: settlement))
            }
            if let expiry = ContractSymbols.yymmdd(parts[2]) {
                return .success(try Instrument(symbol: symbol, kind: .future, underlying: underlying, expiry: expiry, settlementAsset: settlement))
            }
        } catch {
            return .failure(Problem(message: error.description))
        }
        return .failure(Problem(message: "'\(symbol)' is not an OKX futures or swap instrument (BTC-USDT-SWAP, BTC-USD-SWAP, BTC-USDT-241227)"))
    }
}
