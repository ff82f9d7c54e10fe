import HarvestCore

/// BitMEX's wallet history (Account → Wallet → History → Download CSV): the XBt wallet's balance changes, amounts in
/// satoshis. The layout is the real export in `shared/data/exports/bitmex` (the same as BittyTax's catalog).
///
/// The export has no fills, only the profit or loss BitMEX computed and paid into the wallet, so the rows are taken at
/// BitMEX's word (README "Derivatives from exchange exports"):
/// - `RealisedPNL` (its `address` the contract, `XBTUSD`): a `realized` event of `amount` BTC: a gain or loss on its
///   day, short-term (the export gives no opening day), valued at BTC's close of the day from the price store; the BTC
///   received is an acquisition at that value, the BTC paid a disposal at it.
/// - `Funding`: a `funding` event, valued the same way.
/// - `Deposit`, `Withdrawal` (`Completed` only): BTC into or out of the wallet, transfer candidates; a withdrawal's
///   `amount` includes its `fee`.
/// - Rows not `Completed` (`Canceled`, `Pending`) changed nothing and are passed over.
///
/// Its times carry no zone: they are read as the wall-clock time of the tax time zone (the sample's daily settlement,
/// at 12:00 UTC, shows as 7:00 AM: the exporter's browser was on US Eastern time).
enum BitMEX {
    static let format = DerivativeExportFormat(
        name: "bitmex", title: "BitMEX wallet history", defaultWallet: "bitmex",
        headers: [["transactTime", "transactType", "amount", "fee", "address", "transactStatus", "walletBalance"]],
        read: read)

    static let satoshisPerBitcoin = Fixed(raw: 10_000_000_000)  // 10⁻⁸ at 18 digits: one satoshi in BTC

    /// Satoshis (XBt) to BTC, exactly.
    static func bitcoin(_ satoshis: Fixed) -> Fixed { satoshis.multiplied(by: satoshisPerBitcoin, rounding: .halfEven) }

    static func read(_ row: ExportRow, _ reader: inout DerivativeExportReader) {
        let status = row.text("transactStatus")
        guard status.lowercased() == "completed" else { return reader.skip("BitMEX rows not completed (\(status.isEmpty ? "no status" : status))") }
        guard let time = reader.time(row, "transactTime", utc: false) else { return }
        guard let satoshis = reader.number(row, "amount") else { return }
        let amount = bitcoin(satoshis)
        let fee = bitcoin(reader.number(row, "fee", required: false) ?? .zero)
        let id = "h" + row.contentHash
        let type = row.text("transactType")
        switch type {
        case "RealisedPNL", "Funding":
            let symbol = row.text("address")
            guard let instrument = instrument(symbol) else {
                return reader.fail(line: row.line, column: "address", "'\(symbol)' is not a BitMEX contract (XBTUSD, ETHUSD, XBTZ19)")
            }
            reader.define(instrument, line: row.line, column: "address")
            guard !amount.isZero else { return reader.skip("BitMEX results of zero") }
            reader.add(row, id: id, time: time, instrument: symbol, kind: type == "Funding" ? .funding : .realized, amount: Money(amount))
        case "Deposit":
            guard amount.isPositive else { return reader.fail(line: row.line, column: "amount", "a deposit's amount must be positive") }
            reader.addSpot(row, id: id, time: time, asset: .init("BTC"), quantity: amount, note: "BitMEX deposit")
        case "Withdrawal":
            guard amount.isNegative else { return reader.fail(line: row.line, column: "amount", "a withdrawal's amount must be negative") }
            guard !fee.isNegative, fee < -amount else {
                return reader.fail(line: row.line, column: "fee", "the fee must be at least 0 and less than the amount withdrawn")
            }
            reader.addSpot(row, id: id, time: time, asset: .init("BTC"), quantity: amount + fee, fee: fee, note: "BitMEX withdrawal")
        default:
            reader.fail(line: row.line, column: "transactType", "'\(type)' is not a BitMEX row type Harvest reads (RealisedPNL, Funding, Deposit, "
                + "Withdrawal): its tax meaning cannot be told from the balance change")
        }
    }

    /// `XBTUSD`, `ETHUSD` (perpetuals: no month code) or `XBTZ19` (a future: month code and year, expiring on the
    /// month's last Friday, BitMEX's quarterly schedule). Every contract of this wallet settles in BTC (XBt).
    static func instrument(_ symbol: String) -> Instrument? {
        let monthCodes: [Character: Int] = ["F": 1, "G": 2, "H": 3, "J": 4, "K": 5, "M": 6, "N": 7, "Q": 8, "U": 9, "V": 10, "X": 11, "Z": 12]
        if let underlying = ContractSymbols.underlying(of: symbol) {
            return try? Instrument(symbol: symbol, kind: .perpetual, underlying: underlying, settlementAsset: Asset("BTC"))
        }
        let characters = Array(symbol)
        guard characters.count >= 6, let month = monthCodes[characters[characters.count - 3]],
              let year = Int(String(characters.suffix(2))) else { return nil }
        let base = String(characters.dropLast(3))
        guard !base.isEmpty, base.allSatisfy(\.isLetter), let expiry = lastFriday(year: 2000 + year, month: month) else { return nil }
        return try? Instrument(symbol: symbol, kind: .future, underlying: Asset(base == "XBT" ? "BTC" : base), expiry: expiry,
                               settlementAsset: Asset("BTC"))
    }

    static func lastFriday(year: Int, month: Int) -> CivilDate? {
        guard let last = CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year)) else { return nil }
        // 1970-01-01 was a Thursday: day 1 since the epoch is a Friday.
        let weekday = ((Int(last.daysSinceEpoch) - 1) % 7 + 7) % 7  // 0 on Fridays
        return last.adding(days: -weekday)
    }
}
