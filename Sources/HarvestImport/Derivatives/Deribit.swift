import HarvestCore

/// Deribit's transaction log (Account → Transaction log → Download CSV): one currency's account per file, one row per
/// balance change. The layouts are BittyTax's catalog of Deribit's headers (`deribit.py`); the instrument names follow
/// Deribit's documented naming (`BTC-PERPETUAL`, `BTC-27DEC24`, `BTC-27DEC24-60000-C`, `BTC_USDC-…` for the linear ones).
///
/// What each row becomes (README "Derivatives from exchange exports"):
/// - a trade, liquidation, settlement or delivery of a **future or perpetual**: Deribit settles their profit and loss
///   into the balance (each trade and each daily settlement); `Change` less `Funding` is a `realized` event, `Funding`
///   a `funding` event, both in the account's currency (valued in USD on the day by the price store; the currency
///   received or paid is a spot acquisition or disposal).
/// - a trade of an **option**: an `open` or `close` (from `Side` and `Position`, the position after the trade) at
///   `Price` × `Index Price` (the premium in BTC times the index in USD), its fee `Fee Charged` × `Index Price`, and
///   `Change` the currency it moved; a `delivery` is the expiry (worthless when it moved nothing). A maker rebate (a
///   negative fee) is not taken off the cost: the fee is 0 then, and the rebate stays in `Change` (conservative).
///   Options settled in USDC and the oldest layout (no `Index Price`) are refused, naming the line.
/// - `deposit`, `withdrawal`, `transfer`: the account's currency into or out of the wallet (transfer candidates).
enum Deribit {
    static let format = DerivativeExportFormat(
        name: "deribit", title: "Deribit transaction log", defaultWallet: "deribit",
        headers: [
            ["ID", "UserSeq", "Date", "Instrument", "Type", "Side", "Amount", "Base Amount", "Position", "Price", "Mark Price", "Index Price",
             "Cash Flow", "Funding", "Fee Rate", "Fee Charged", "Fee Balance", "Change", "Balance", "Equity", "Trade ID", "Order ID", "Info", "Note"],
            ["ID", "UserSeq", "Date", "Instrument", "Type", "Side", "Base Amount", "Position", "Price", "Mark Price", "Index Price", "Cash Flow",
             "Funding", "Fee Rate", "Fee Charged", "Fee Balance", "Change", "Balance", "Equity", "Trade ID", "Order ID", "Info", "Note"],
            ["ID", "UserSeq", "Date", "Instrument", "Type", "Side", "Base Amount", "Position", "Price", "Mark Price", "Index Price", "Cash Flow",
             "Funding", "Fee Rate", "Fee Charged", "Fee Balance", "Change", "Balance", "Equity", "Trade ID", "Order ID", "Info"],
            ["ID", "UserSeq", "Date", "Instrument", "Type", "Side", "Size", "Position", "Price", "Mark Price", "Cash Flow", "Funding", "Fee Rate",
             "Fee Paid", "Fee Balance", "Change", "Balance", "Equity", "Trade ID", "Order ID", "Info"],
        ],
        survey: survey, read: read)

    static let tradeTypes: Set<String> = ["trade", "liquidation", "block_trade", "settlement", "delivery"]
    static let movementTypes: Set<String> = ["deposit", "withdrawal", "transfer"]

    /// The file's currency: the settlement asset of its instruments (Deribit exports one currency's account per file).
    static func survey(_ rows: [ExportRow], _ reader: inout DerivativeExportReader) {
        var currencies: Set<String> = []
        for row in rows {
            if case .success(let instrument) = instrument(row.text("Instrument")) { currencies.insert(instrument.settlementAsset.symbol) }
        }
        if currencies.count == 1, let currency = currencies.first { reader.notes["currency"] = currency }
        if currencies.count > 1 { reader.notes["currencies"] = currencies.sorted().joined(separator: ", ") }
    }

    static func read(_ row: ExportRow, _ reader: inout DerivativeExportReader) {
        let type = String(row.text("Type").lowercased().map { $0 == " " ? "_" : $0 })
        guard let time = reader.time(row, "Date", utc: true) else { return }
        let id = [row.text("ID"), row.text("UserSeq")].first { !$0.isEmpty } ?? "h" + row.contentHash
        if movementTypes.contains(type) { return movement(row, type: type, id: id, time: time, &reader) }
        guard tradeTypes.contains(type) else {
            return reader.fail(line: row.line, column: "Type", "'\(row.text("Type"))' is not a Deribit row type Harvest reads "
                + "(trade, liquidation, block_trade, settlement, delivery, deposit, withdrawal, transfer)")
        }
        let symbol = row.text("Instrument")
        let instrument: Instrument
        switch Self.instrument(symbol) {
        case .success(let parsed): instrument = parsed
        case .failure(let problem): return reader.fail(line: row.line, column: "Instrument", problem.message)
        }
        reader.define(instrument, line: row.line, column: "Instrument")
        guard let change = reader.number(row, "Change") else { return }
        if instrument.kind == .option {
            option(row, type: type, id: id, time: time, instrument: instrument, change: change, &reader)
        } else {
            let funding = reader.number(row, "Funding", required: false) ?? .zero
            let realized = change - funding
            if realized.isZero && funding.isZero { return reader.skip("Deribit futures rows that moved no balance") }
            if !realized.isZero { reader.add(row, id: id, time: time, instrument: symbol, kind: .realized, amount: Money(realized)) }
            if !funding.isZero { reader.add(row, id: id + "#funding", time: time, instrument: symbol, kind: .funding, amount: Money(funding)) }
        }
    }

    /// An option's trade (open, close, or both when it turns the position over) or delivery (expiry).
    static func option(
        _ row: ExportRow, type: String, id: String, time: (text: String, instant: Instant, date: CivilDate), instrument: Instrument,
        change: Fixed, _ reader: inout DerivativeExportReader
    ) {
        guard instrument.settlementAsset == instrument.underlying else {
            return reader.fail(line: row.line, column: "Instrument", "\(instrument.symbol): options settled in \(instrument.settlementAsset) "
                + "are not read (their premium is in \(instrument.settlementAsset), not the underlying); enter them in the Harvest CSV")
        }
        guard row.has("Index Price") else {
            return reader.fail(line: row.line, column: "Index Price", "an option's premium is in \(instrument.settlementAsset): its USD value needs "
                + "the Index Price column, which this older layout lacks (download the log again from Deribit)")
        }
        guard let index = reader.number(row, "Index Price"), let size = reader.number(row, "Amount", required: false)
                ?? reader.number(row, "Size", required: false) ?? reader.number(row, "Base Amount") else { return }
        let contracts = Quantity(size.isNegative ? -size : size)
        let usdPerUnit = Price(index)
        if type == "delivery" || type == "settlement" {
            guard !change.isZero else {
                return reader.add(row, id: id, time: time, instrument: instrument.symbol, kind: .expire, contracts: contracts.isZero ? nil : contracts)
            }
            guard contracts.isPositive else { return reader.fail(line: row.line, column: "Amount", "a delivery that moved a balance needs its contracts") }
            guard let value = try? usdPerUnit.value(of: Quantity(change.isNegative ? -change : change)) else {
                return reader.fail(line: row.line, column: "Change", "the value of \(change) at \(index) does not fit")
            }
            return reader.add(row, id: id, time: time, instrument: instrument.symbol, kind: .expire, contracts: contracts,
                              price: Price.unit(of: value, per: contracts), amount: Money(change))
        }
        guard let after = reader.number(row, "Position"), let premium = reader.number(row, "Price") else { return }
        let sideText = row.text("Side").lowercased()
        let bought = sideText.contains("buy")
        guard bought || sideText.contains("sell") else { return reader.fail(line: row.line, column: "Side", "'\(row.text("Side"))' is not buy or sell") }
        guard contracts.isPositive else { return reader.fail(line: row.line, column: "Amount", "an option trade needs a positive amount") }
        let signed = bought ? contracts.fixed : -contracts.fixed
        let before = after - signed
        let fee = reader.number(row, "Fee Charged", required: false) ?? reader.number(row, "Fee Paid", required: false) ?? .zero
        guard let price = try? usdPerUnit.value(of: Quantity(premium)), let feeValue = try? usdPerUnit.value(of: Quantity(fee.isNegative ? .zero : fee))
        else { return reader.fail(line: row.line, column: "Price", "the value of \(premium) at \(index) does not fit") }
        // The position before and after: what part of the trade closes, what part opens.
        let closing = (before.isPositive && !bought) || (before.isNegative && bought)
            ? Quantity(min(before.isNegative ? -before : before, contracts.fixed)) : .zero
        let opening = contracts - closing
        let closeSide: PositionSide = before.isPositive ? .long : .short
        var parts: [(kind: DerivativeEventKind, contracts: Quantity, suffix: String)] = []
        if closing.isPositive { parts.append((.close, closing, opening.isPositive ? "#close" : "")) }
        if opening.isPositive { parts.append((.open, opening, closing.isPositive ? "#open" : "")) }
        var feeLeft = feeValue, changeLeft = Money(change)
        for (position, part) in parts.enumerated() {
            let last = position == parts.count - 1
            let partFee = last ? feeLeft : feeValue.prorated(part.contracts, of: contracts)
            let partChange = last ? changeLeft : Money(change).prorated(part.contracts, of: contracts)
            feeLeft -= partFee
            changeLeft -= partChange
            let side: PositionSide = part.kind == .close ? closeSide : (bought ? .long : .short)
            reader.add(row, id: id + part.suffix, time: time, instrument: instrument.symbol, kind: part.kind, side: side, contracts: part.contracts,
                       price: Price(price.fixed), fee: partFee, amount: partChange)
        }
    }

    /// A deposit, withdrawal or transfer of the account's currency.
    static func movement(
        _ row: ExportRow, type: String, id: String, time: (text: String, instant: Instant, date: CivilDate), _ reader: inout DerivativeExportReader
    ) {
        guard let change = reader.number(row, "Change") else { return }
        guard let currency = reader.notes["currency"] else {
            let why = reader.notes["currencies"].map { "its instruments settle in several (\($0))" } ?? "it has no instrument rows"
            return reader.fail(line: row.line, column: "Instrument", "the currency of a \(type) is the account's, told by the file's instrument rows "
                + "(Deribit exports one currency per file), but \(why): import each currency's log apart, with at least one trade")
        }
        guard !change.isZero else { return reader.skip("Deribit \(type)s of nothing") }
        reader.addSpot(row, id: id, time: time, asset: Asset(currency), quantity: change, note: "Deribit \(type)")
    }

    struct Problem: Error { let message: String }

    /// An instrument from its Deribit name: `BTC-PERPETUAL`, `ETH-27DEC24` (a future expiring that day),
    /// `BTC-27DEC24-60000-C` (an option: strike, C or P), `BTC_USDC-…` (linear: settled in USDC), `XRP_USDC-30AUG24-0d625-C`
    /// (a strike with a decimal point written `d`). Inverse contracts settle in the underlying.
    static func instrument(_ symbol: String) -> Result<Instrument, Problem> {
        let parts = symbol.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let expected = "is not a Deribit instrument name (BTC-PERPETUAL, BTC-27DEC24, BTC-27DEC24-60000-C; spreads and combos are not read)"
        guard let head = parts.first, !head.isEmpty else { return .failure(Problem(message: "'\(symbol)' \(expected)")) }
        let currencies = head.split(separator: "_").map(String.init)
        guard (1...2).contains(currencies.count), currencies.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber } }) else {
            return .failure(Problem(message: "'\(symbol)' \(expected)"))
        }
        let underlying = Asset(currencies[0]), settlement = Asset(currencies.count == 2 ? currencies[1] : currencies[0])
        do {
            switch parts.count {
            case 2 where parts[1] == "PERPETUAL":
                return .success(try Instrument(symbol: symbol, kind: .perpetual, underlying: underlying, settlementAsset: settlement))
            case 2:
                guard let expiry = ContractSymbols.dayMonthYear(parts[1]) else { break }
                return .success(try Instrument(symbol: symbol, kind: .future, underlying: underlying, expiry: expiry, settlementAsset: settlement))
            case 4:
                guard let expiry = ContractSymbols.dayMonthYear(parts[1]),
                      let strike = try? Price(parsing: String(parts[2].map { $0 == "d" ? "." : $0 })) else { break }
                let right: OptionRight? = parts[3] == "C" ? .call : parts[3] == "P" ? .put : nil
                guard let right else { break }
                return .success(try Instrument(symbol: symbol, kind: .option, underlying: underlying, expiry: expiry, strike: strike, right: right,
                                               settlementAsset: settlement))
            default: break
            }
        } catch {
            return .failure(Problem(message: error.description))
        }
        return .failure(Problem(message: "'\(symbol)' \(expected)"))
    }
}
