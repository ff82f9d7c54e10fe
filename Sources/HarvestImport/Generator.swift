import HarvestCore

/// A small, fast, deterministic random generator (SplitMix64): the same seed gives the same history
/// on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Synthetic but realistic histories in the Harvest CSV, for demos and benchmarks: several assets with
/// random-walk prices, exchanges and self-custody wallets, buys, sells, trades, transfers with network
/// fees, staking income, spends and fees paid in BNB. Balances are tracked so nothing is oversold.
public struct HistoryGenerator {
    public struct Options: Sendable {
        public var transactions: Int
        public var seed: UInt64
        public var start: CivilDate
        public var years: Int
        public init(transactions: Int, seed: UInt64, start: CivilDate = CivilDate(year: 2020, month: 1, day: 1)!, years: Int = 5) {
            self.transactions = transactions
            self.seed = seed
            self.start = start
            self.years = years
        }
    }

    /// (symbol, starting USD price, quantity decimals)
    static let assets: [(String, Fixed, Int)] = [
        ("BTC", "7200", 8), ("ETH", "130", 8), ("SOL", "1.5", 6), ("ADA", "0.033", 4), ("LINK", "1.8", 6),
        ("DOT", "4.5", 6), ("MATIC", "0.015", 4), ("BNB", "13.7", 8),
    ]
    static let exchanges = ["coinbase", "kraken", "binance", "gemini", "bitstamp", "kucoin"]
    static let selfCustody = ["ledger", "trezor", "metamask", "phantom", "cold-storage", "hot-wallet"]

    public let options: Options
    public init(_ options: Options) { self.options = options }

    public var days: Int { options.start.days(to: options.start.adding(years: options.years)) }

    /// Daily closes for each generated asset: a random walk of ±6% a day in exact decimals, rounded to
    /// six significant digits, never below a floor.
    public func prices() -> [(asset: Asset, points: [PricePoint])] {
        var random = SplitMix64(seed: options.seed ^ 0x5052_4943_4553)
        return HistoryGenerator.assets.map { symbol, start, _ in
            var price = start
            var points: [PricePoint] = []
            points.reserveCapacity(days + 1)
            for day in 0...days {
                points.append(PricePoint(date: options.start.adding(days: day), close: Price(price)))
                // Daily return in basis points, with a slight upward drift: -600...+610.
                let step = Int(random.next() % 1211) - 600
                let factor = Fixed(raw: Fixed.scale + Int128(step) * 100_000_000_000_000)
                price = HistoryGenerator.significant(price.multiplied(by: factor, rounding: .halfEven), digits: 6)
                if price < Fixed(raw: 1_000_000_000_000) { price = Fixed(raw: 1_000_000_000_000) }  // 1e-6 floor
            }
            return (Asset(symbol), points)
        }
    }

    /// Rounds to `digits` significant digits (half-even).
    static func significant(_ value: Fixed, digits: Int) -> Fixed {
        let whole = value.raw / Fixed.scale
        var integerDigits = 0
        var rest = whole
        while rest > 0 { integerDigits += 1; rest /= 10 }
        let scale = max(0, min(Fixed.fractionDigits, digits - integerDigits + (whole == 0 ? leadingFractionZeros(value) : 0)))
        return value.rounded(scale: scale, .halfEven)
    }

    static func leadingFractionZeros(_ value: Fixed) -> Int {
        var zeros = 0
        var unit = Fixed.scale / 10
        while unit > 0 && value.raw < unit { zeros += 1; unit /= 10 }
        return zeros
    }

    /// Writes the history as Harvest CSV, line by line, to `write`.
    public func generate(prices: [(asset: Asset, points: [PricePoint])]? = nil, write: (String) -> Void) {
        var history = History(series: prices ?? self.prices(), seed: options.seed)
        let total = options.transactions
        let millisecondsSpan = Int64(days) * 86_400_000
        let startMilliseconds = Int64(options.start.daysSinceEpoch) * 86_400_000
        write(HarvestCSV.columns.joined(separator: ",") + ",fee_value\n")

        var line = ""
        line.reserveCapacity(200)
        // Rows are evenly spaced in time, with a jitter smaller than the spacing, so the file's order is
        // its time order (the balances assume it). Attempts that find nothing to do emit nothing.
        let spacing = millisecondsSpan / Int64(max(total, 1))
        let jitter = Int(max(1, min(60_000, spacing / 2)))
        var emitted = 0
        var attempts = 0
        while emitted < total && attempts < total * 20 {
            attempts += 1
            let index = emitted
            let milliseconds = startMilliseconds + Int64(index) * spacing + Int64(history.pick(jitter))
            let instant = Instant(millisecondsSinceEpoch: milliseconds)
            let day = instant.date()
            let roll = history.pick(1000)
            let asset = history.pick(HistoryGenerator.assets.count - 1)  // BNB is only bought on binance (below)
            let exchange = history.pick(HistoryGenerator.exchanges.count)
            let row = History.Row(
                timestamp: HistoryGenerator.iso(instant), id: "g\(options.seed)-\(index)", day: min(options.start.days(to: day), days),
                asset: asset, exchange: exchange)
            // Early on, or when the chosen wallet holds nothing, buy; otherwise choose by the roll.
            let fields: [String]? =
                if roll < 380 || index < total / 50 { history.buy(row) }
                else if roll < 420 { history.buyBNB(row) }
                else if roll < 600 { history.sell(row) }
                else if roll < 700 { history.trade(row) }
                else if roll < 820 { history.transfer(row) }
                else if roll < 960 { history.staking(row) }
                else { history.spend(row) }
            guard let fields else { continue }
            line.removeAll(keepingCapacity: true)
            for (position, field) in fields.enumerated() {
                if position > 0 { line += "," }
                line += field
            }
            line += "\n"
            write(line)
            emitted += 1
        }
    }

    /// The state of a history being generated: the random sequence, and every wallet's balance of every asset. Each
    /// kind of row draws what it needs, changes the balances and gives the row's fields; nil when it finds nothing to
    /// do (the attempt writes no row).
    private struct History {
        let series: [(asset: Asset, points: [PricePoint])]
        var random: SplitMix64
        let wallets = HistoryGenerator.exchanges + HistoryGenerator.selfCustody
        let assetCount = HistoryGenerator.assets.count
        let bnb = HistoryGenerator.assets.firstIndex { $0.0 == "BNB" }!
        /// balances[wallet][asset]
        var balances: [[Fixed]]

        init(series: [(asset: Asset, points: [PricePoint])], seed: UInt64) {
            self.series = series
            random = SplitMix64(seed: seed)
            balances = [[Fixed]](
                repeating: [Fixed](repeating: .zero, count: HistoryGenerator.assets.count),
                count: HistoryGenerator.exchanges.count + HistoryGenerator.selfCustody.count)
        }

        /// What every kind of row starts from: its time and id, the day (an index into the price series), the asset
        /// and the exchange drawn for it.
        struct Row {
            var timestamp: String
            var id: String
            var day: Int
            var asset: Int
            var exchange: Int
            var symbol: String { HistoryGenerator.assets[asset].0 }
            var decimals: Int { HistoryGenerator.assets[asset].2 }
        }

        mutating func pick(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }

        func price(_ asset: Int, _ day: Int) -> Fixed { series[asset].points[day].close.fixed }

        func quantity(_ usd: Fixed, price: Fixed, decimals: Int) -> Fixed {
            usd.divided(by: price, rounding: .down).rounded(scale: decimals, .down)
        }

        /// `permille`‰ of `balance`, at the asset's precision.
        func part(_ balance: Fixed, permille: Int, decimals: Int) -> Fixed {
            balance.scaled(by: Fixed(permille), over: Fixed(1000), rounding: .down).rounded(scale: decimals, .down)
        }

        /// A buy on an exchange: $50–$5,000, a 0.1–0.6% fee in USD, or in BNB on binance when held.
        mutating func buy(_ row: Row) -> [String]? {
            let (exchange, assetIndex, decimals, symbol) = (row.exchange, row.asset, row.decimals, row.symbol)
            let usd = Fixed(50 + pick(4951))
            let received = quantity(usd, price: price(assetIndex, row.day), decimals: decimals)
            guard received.isPositive else { return nil }
            balances[exchange][assetIndex] += received
            let feeUSD = usd.scaled(by: Fixed(1 + pick(6)), over: Fixed(1000), rounding: .halfEven).rounded(scale: 2, .halfEven)
            let wallet = HistoryGenerator.exchanges[exchange]
            if wallet == "binance" && balances[exchange][bnb] > Fixed(1) {
                let bnbPrice = price(bnb, row.day)
                let feeBNB = quantity(feeUSD, price: bnbPrice, decimals: 8)
                if feeBNB.isPositive {
                    balances[exchange][bnb] -= feeBNB
                    return [row.timestamp, "buy", wallet, usd.description, "USD", received.description, symbol,
                            feeBNB.description, "BNB", "", "", row.id, "", bnbPrice.multiplied(by: feeBNB, rounding: .halfEven).rounded(scale: 8, .halfEven).description]
                }
            }
            return [row.timestamp, "buy", wallet, usd.description, "USD", received.description, symbol, feeUSD.description, "USD",
                    "", "", row.id, "", ""]
        }

        /// BNB for fees, on binance.
        mutating func buyBNB(_ row: Row) -> [String]? {
            let binance = HistoryGenerator.exchanges.firstIndex(of: "binance")!
            let bnbPrice = price(bnb, row.day)
            let usd = Fixed(100 + pick(900))
            let received = quantity(usd, price: bnbPrice, decimals: 8)
            balances[binance][bnb] += received
            return [row.timestamp, "buy", "binance", usd.description, "USD", received.description, "BNB", "", "", "", "", row.id, "", ""]
        }

        /// A sale of 10–100% of a holding on an exchange, fee in USD.
        mutating func sell(_ row: Row) -> [String]? {
            let (exchange, assetIndex) = (row.exchange, row.asset)
            guard balances[exchange][assetIndex].isPositive else { return nil }
            let sold = part(balances[exchange][assetIndex], permille: 100 + pick(901), decimals: row.decimals)
            guard sold.isPositive else { return nil }
            balances[exchange][assetIndex] -= sold
            let usd = price(assetIndex, row.day).multiplied(by: sold, rounding: .halfEven).rounded(scale: 2, .halfEven)
            guard usd.isPositive else { return nil }
            let feeUSD = usd.scaled(by: Fixed(1 + pick(5)), over: Fixed(1000), rounding: .halfEven).rounded(scale: 2, .halfEven)
            return [row.timestamp, "sell", HistoryGenerator.exchanges[exchange], sold.description, row.symbol, usd.description, "USD",
                    feeUSD.description, "USD", "", "", row.id, "", ""]
        }

        /// A trade on an exchange: part of one asset for another, at the day's prices.
        mutating func trade(_ row: Row) -> [String]? {
            let (exchange, assetIndex) = (row.exchange, row.asset)
            guard balances[exchange][assetIndex].isPositive else { return nil }
            let target = (assetIndex + 1 + pick(assetCount - 2)) % (assetCount - 1)
            let sent = part(balances[exchange][assetIndex], permille: 100 + pick(801), decimals: row.decimals)
            guard sent.isPositive else { return nil }
            let value = price(assetIndex, row.day).multiplied(by: sent, rounding: .halfEven).rounded(scale: 2, .halfEven)
            let (targetSymbol, _, targetDecimals) = HistoryGenerator.assets[target]
            let received = quantity(value, price: price(target, row.day), decimals: targetDecimals)
            guard received.isPositive, value.isPositive else { return nil }
            balances[exchange][assetIndex] -= sent
            balances[exchange][target] += received
            return [row.timestamp, "trade", HistoryGenerator.exchanges[exchange], sent.description, row.symbol, received.description,
                    targetSymbol, "", "", value.description, "", row.id, "", ""]
        }

        /// A transfer between own wallets, usually exchange → self-custody, with a small network fee.
        mutating func transfer(_ row: Row) -> [String]? {
            let (assetIndex, decimals, symbol) = (row.asset, row.decimals, row.symbol)
            let from = pick(wallets.count)
            guard balances[from][assetIndex].isPositive else { return nil }
            var to = pick(wallets.count)
            if to == from { to = (to + 1) % wallets.count }
            let sent = part(balances[from][assetIndex], permille: 200 + pick(801), decimals: decimals)
            let networkFee = part(sent, permille: pick(3), decimals: decimals)
            let arrived = sent - networkFee
            guard sent.isPositive, arrived.isPositive else { return nil }
            balances[from][assetIndex] -= sent
            balances[to][assetIndex] += arrived
            let value = price(assetIndex, row.day).multiplied(by: sent, rounding: .halfEven).rounded(scale: 2, .halfEven)
            return [row.timestamp, "transfer", wallets[from], sent.description, symbol, arrived.description, symbol, "", "",
                    value.description, wallets[to], row.id, "", ""]
        }

        /// A staking reward into any wallet that holds the asset, valued at the day's close.
        mutating func staking(_ row: Row) -> [String]? {
            let assetIndex = row.asset
            let wallet = pick(wallets.count)
            guard balances[wallet][assetIndex].isPositive else { return nil }
            let reward = part(balances[wallet][assetIndex], permille: 1 + pick(4), decimals: row.decimals)
            guard reward.isPositive else { return nil }
            balances[wallet][assetIndex] += reward
            let value = price(assetIndex, row.day).multiplied(by: reward, rounding: .halfEven).rounded(scale: 8, .halfEven)
            guard value.isPositive else { return nil }
            return [row.timestamp, "staking", wallets[wallet], "", "", reward.description, row.symbol, "", "", value.description, "",
                    row.id, "", ""]
        }

        /// A little spent from a self-custody wallet.
        mutating func spend(_ row: Row) -> [String]? {
            let assetIndex = row.asset
            let wallet = HistoryGenerator.exchanges.count + pick(HistoryGenerator.selfCustody.count)
            guard balances[wallet][assetIndex].isPositive else { return nil }
            let spent = part(balances[wallet][assetIndex], permille: 10 + pick(90), decimals: row.decimals)
            guard spent.isPositive else { return nil }
            balances[wallet][assetIndex] -= spent
            let value = price(assetIndex, row.day).multiplied(by: spent, rounding: .halfEven).rounded(scale: 2, .halfEven)
            guard value.isPositive else { return nil }
            return [row.timestamp, "spend", wallets[wallet], spent.description, row.symbol, "", "", "", "", value.description, "",
                    row.id, "coffee", ""]
        }
    }

    /// The same kind of history in Coinbase's 2024 transaction-history layout (a preamble, an ID column,
    /// dollar signs): buys, sells, converts, sends, receives and staking income of one account, for import
    /// benchmarks and demos. Quantities and prices follow the generated price series.
    public func generateCoinbase(prices: [(asset: Asset, points: [PricePoint])]? = nil, write: (String) -> Void) {
        let series = prices ?? self.prices()
        var random = SplitMix64(seed: options.seed)
        func pick(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        write("\nTransactions\nUser,Generated User,00000000-0000-0000-0000-000000000000\n")
        write("ID,Timestamp,Transaction Type,Asset,Quantity Transacted,Price Currency,Price at Transaction,Subtotal,"
            + "Total (inclusive of fees and/or spread),Fees and/or Spread,Notes\n")
        let total = options.transactions
        let spacing = Int64(days) * 86_400_000 / Int64(max(total, 1))
        let startMilliseconds = Int64(options.start.daysSinceEpoch) * 86_400_000
        let assetCount = HistoryGenerator.assets.count
        var line = ""
        line.reserveCapacity(240)
        for index in 0..<total {
            let instant = Instant(millisecondsSinceEpoch: startMilliseconds + Int64(index) * spacing)
            let day = instant.date()
            let dayIndex = min(options.start.days(to: day), days)
            let assetIndex = pick(assetCount)
            let (symbol, _, decimals) = HistoryGenerator.assets[assetIndex]
            let price = series[assetIndex].points[dayIndex].close.fixed
            let usd = Fixed(10 + pick(2000))
            let quantity = usd.divided(by: price, rounding: .down).rounded(scale: decimals, .down)
            let subtotal = quantity.multiplied(by: price, rounding: .halfEven).rounded(scale: 2, .halfEven)
            let fee = subtotal.scaled(by: Fixed(15), over: Fixed(1000), rounding: .halfEven).rounded(scale: 2, .halfEven)
            let roll = pick(100)
            let type: String, signedQuantity: String, totalText: String, feeText: String, notes: String
            switch roll {
            case 0..<45:
                type = "Buy"; signedQuantity = "\(quantity)"; totalText = "$\(subtotal + fee)"; feeText = "$\(fee)"
                notes = "Bought \(quantity) \(symbol) for \(subtotal + fee) USD"
            case 45..<65:
                type = "Sell"; signedQuantity = "-\(quantity)"; totalText = "$\(subtotal - fee)"; feeText = "$\(fee)"
                notes = "Sold \(quantity) \(symbol) for \(subtotal - fee) USD"
            case 65..<75:
                let other = HistoryGenerator.assets[(assetIndex + 1) % assetCount]
                let otherPrice = series[(assetIndex + 1) % assetCount].points[dayIndex].close.fixed
                let otherQuantity = subtotal.divided(by: otherPrice, rounding: .down).rounded(scale: other.2, .down)
                type = "Convert"; signedQuantity = "-\(quantity)"; totalText = "$\(subtotal)"; feeText = ""
                notes = "Converted \(quantity) \(symbol) to \(otherQuantity) \(other.0)"
            case 75..<82:
                type = "Send"; signedQuantity = "-\(quantity)"; totalText = "-$\(subtotal)"; feeText = "$0.00"
                notes = "Sent \(quantity) \(symbol) to 0x\(String(random.next(), radix: 16))"
            case 82..<89:
                type = "Receive"; signedQuantity = "\(quantity)"; totalText = "$\(subtotal)"; feeText = "$0.00"
                notes = "Received \(quantity) \(symbol) from an external account"
            default:
                type = "Staking Income"; signedQuantity = "\(quantity)"; totalText = "$\(subtotal)"; feeText = "$0.00"; notes = ""
            }
            line.removeAll(keepingCapacity: true)
            // Coinbase's ids are 24-hex-digit ObjectIds: seconds since 1970, then 5 bytes of process
            // randomness and a 3-byte counter.
            func hex(_ value: UInt64, _ digits: Int) -> String {
                let text = String(value, radix: 16)
                return String(repeating: "0", count: max(0, digits - text.count)) + text.suffix(digits)
            }
            line += hex(UInt64(instant.millisecondsSinceEpoch / 1000), 8) + hex(options.seed &* 0x9E37_79B9_7F4A_7C15 >> 24, 10)
                + hex(UInt64(index), 6)
            line += ","
            line += HistoryGenerator.coinbaseTime(instant)
            line += ",\(type),\(symbol),\(signedQuantity),USD,$\(price),$\(subtotal),\(totalText),\(feeText),\(notes)\n"
            write(line)
        }
    }

    /// `2024-03-01 14:05:09 UTC`
    static func coinbaseTime(_ instant: Instant) -> String {
        let text = iso(instant)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(8)) + " UTC"
    }

    /// `2024-03-01T14:05:09Z`
    static func iso(_ instant: Instant) -> String {
        let date = instant.date()
        let seconds = Int(instant.millisecondsSinceEpoch / 1000 - Int64(date.daysSinceEpoch) * 86_400)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date)T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))Z"
    }

    /// A price file in the shared format for one generated series.
    public static func priceCSV(_ points: [PricePoint]) -> String {
        var out = "date,open,high,low,close,volume\n"
        for point in points { out += "\(point.date),,,,\(point.close),\n" }
        return out
    }
}
