import HarvestCore

/// One HTTP GET a provider needs for part of a date range.
public struct PriceRequest: Sendable, Equatable {
    public var url: String
    /// The days this request covers.
    public var from: CivilDate
    public var to: CivilDate

    public init(url: String, from: CivilDate, to: CivilDate) {
        self.url = url
        self.from = from
        self.to = to
    }
}

/// Why a fetch failed: what the CLI prints, naming the provider, the asset and the request.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case usage, data, network }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    public var description: String { message }
}

/// A public market-data API that gives daily prices: how to ask for a range of days and how to read the answer.
/// Pure: building URLs and reading bodies; `PriceFetcher` does the requests.
public protocol PriceProvider: Sendable {
    /// The name users pick it by (`--source`), also stored as the prices' source.
    var name: String { get }
    /// The pause kept between two requests: the provider's public rate limit.
    var minimumInterval: Duration { get }
    /// The requests covering `from` through `to`.
    func requests(asset: Asset, currency: Asset, from: CivilDate, to: CivilDate) throws(FetchError) -> [PriceRequest]
    /// The daily prices in one response body.
    func points(in body: [UInt8], for request: PriceRequest, asset: Asset, currency: Asset) throws(FetchError) -> [PricePoint]
    /// The provider's own error message in a body that is not a price list, if it has one.
    func errorMessage(in body: [UInt8]) -> String?
}

extension PriceProvider {
    /// A price as the provider wrote it, read exactly: digits past the 18th are rounded half-even, as price files are.
    func price(_ value: ExactJSON?, _ what: String, _ request: PriceRequest) throws(FetchError) -> Price {
        guard let text = value?.numberText else {
            throw FetchError(.data, "\(name): \(request.url): the \(what) is \(value?.kind ?? "missing"), not a number")
        }
        do {
            let fixed = try Fixed(parsing: text, roundingExcessDigits: .halfEven)
            guard !fixed.isNegative else { throw FetchError(.data, "\(name): \(request.url): the \(what) \(text) is below zero") }
            guard SupportedRange.contains(fixed) else {
                throw FetchError(.data, "\(name): \(request.url): the \(what) \(SupportedRange.valueMessage(text))")
            }
            return Price(fixed)
        } catch let error as FetchError {
            throw error
        } catch {
            throw FetchError(.data, "\(name): \(request.url): the \(what) '\(text)' is not a price (\(error))")
        }
    }

    func document(_ body: [UInt8], _ request: PriceRequest) throws(FetchError) -> ExactJSON {
        do {
            return try ExactJSON.parse(body)
        } catch {
            throw FetchError(.data, "\(name): \(request.url): the response is not JSON (\(error))")
        }
    }

    /// A Unix time in seconds as a UTC day, refused outside 1970 to the supported range's end (9998-12-31).
    func day(unixSeconds text: String?, _ request: PriceRequest) throws(FetchError) -> CivilDate {
        guard let text, let seconds = Int64(text.prefix { $0 != "." }), (0...253_402_300_799).contains(seconds),
              let days = Int32(exactly: seconds / 86_400), CivilDate(daysSinceEpoch: days) <= SupportedRange.lastDate else {
            throw FetchError(.data, "\(name): \(request.url): the time '\(text ?? "")' is not a Unix time from 1970 to 9998")
        }
        return CivilDate(daysSinceEpoch: days)
    }
}

/// Days from `from` through `to`, cut into spans of at most `days` days.
func spans(from: CivilDate, to: CivilDate, days: Int32) -> [(CivilDate, CivilDate)] {
    var spans: [(CivilDate, CivilDate)] = []
    var start = from.daysSinceEpoch
    while start <= to.daysSinceEpoch {
        let end = min(to.daysSinceEpoch, start + days - 1)
        spans.append((CivilDate(daysSinceEpoch: start), CivilDate(daysSinceEpoch: end)))
        start = end + 1
    }
    return spans
}

/// CoinGecko's public API: `GET /api/v3/coins/{id}/market_chart/range?vs_currency=usd&from=…&to=…` (Unix seconds),
/// answered `{"prices":[[ms, price], …], "market_caps":[…], "total_volumes":[[ms, volume], …]}`: daily points at 00:00
/// UTC for a range over 90 days, hourly ones for a shorter range. A day's price is its first point (the 00:00 UTC
/// snapshot), the same day a CoinGecko CSV download's `snapped_at` gives it (`harvest prices import`). Ranges are asked
/// for a year at a time. CoinGecko names coins by id, not symbol: the common ones are known, others are given with
/// `--id SYMBOL=coin-id`. Its free tier allows about 5–15 calls a minute: one every 6 seconds.
public struct CoinGecko: PriceProvider {
    public var name: String { "coingecko" }
    public var minimumInterval: Duration { .seconds(6) }
    public var baseURL: String
    public var ids: [String: String]

    /// The ids of common coins (coingecko.com/en/coins/{id}).
    public static let knownIDs: [String: String] = [
        "BTC": "bitcoin", "ETH": "ethereum", "SOL": "solana", "ADA": "cardano", "XRP": "ripple", "DOGE": "dogecoin",
        "DOT": "polkadot", "LTC": "litecoin", "BCH": "bitcoin-cash", "LINK": "chainlink", "AVAX": "avalanche-2",
        "MATIC": "matic-network", "POL": "polygon-ecosystem-token", "BNB": "binancecoin", "TRX": "tron", "XLM": "stellar",
        "XMR": "monero", "ETC": "ethereum-classic", "HBAR": "hedera-hashgraph", "ATOM": "cosmos", "UNI": "uniswap",
        "USDC": "usd-coin", "USDT": "tether", "DAI": "dai", "SHIB": "shiba-inu", "ARB": "arbitrum", "OP": "optimism",
        "NEAR": "near", "APT": "aptos", "SUI": "sui", "TON": "the-open-network", "ALGO": "algorand", "FIL": "filecoin",
        "AAVE": "aave", "XTZ": "tezos", "EOS": "eos", "ZEC": "zcash", "DASH": "dash", "MKR": "maker", "CRV": "curve-dao-token",
    ]

    public init(baseURL: String = "https://api.coingecko.com", ids: [String: String] = [:]) {
        self.baseURL = baseURL
        self.ids = CoinGecko.knownIDs.merging(ids) { $1 }
    }

    public func requests(asset: Asset, currency: Asset, from: CivilDate, to: CivilDate) throws(FetchError) -> [PriceRequest] {
        guard let id = ids[asset.symbol] else {
            throw FetchError(.usage, "coingecko: no CoinGecko id is known for \(asset.symbol): give it with --id \(asset.symbol)=COIN-ID "
                + "(the id in the coin's page address, coingecko.com/en/coins/COIN-ID)")
        }
        return spans(from: from, to: to, days: 365).map { span in
            // From the first day's 00:00 UTC to an hour into the day after the last, so the last day's snapshot is in.
            let start = Int64(span.0.daysSinceEpoch) * 86_400, end = Int64(span.1.daysSinceEpoch) * 86_400 + 3_600
            return PriceRequest(
                url: "\(baseURL)/api/v3/coins/\(id)/market_chart/range?vs_currency=\(currency.symbol.lowercased())&from=\(start)&to=\(end)",
                from: span.0, to: span.1)
        }
    }

    public func points(in body: [UInt8], for request: PriceRequest, asset: Asset, currency: Asset) throws(FetchError) -> [PricePoint] {
        let document = try document(body, request)
        guard let prices = document["prices"]?.array else {
            throw FetchError(.data, "coingecko: \(request.url): the response has no \"prices\" list"
                + (errorMessage(in: body).map { " (\($0))" } ?? ""))
        }
        var volumes: [CivilDate: Fixed] = [:]
        for entry in document["total_volumes"]?.array ?? [] {
            guard let pair = entry.array, pair.count == 2, let text = pair[1].numberText,
                  let volume = try? Fixed(parsing: text, roundingExcessDigits: .halfEven) else { continue }
            let day = try day(unixSeconds: pair[0].numberText.map(millisecondsToSeconds), request)
            if volumes[day] == nil { volumes[day] = volume }
        }
        var points: [PricePoint] = []
        for entry in prices {
            guard let pair = entry.array, pair.count == 2 else {
                throw FetchError(.data, "coingecko: \(request.url): a \"prices\" entry is \(entry.kind), not [time, price]")
            }
            let day = try day(unixSeconds: pair[0].numberText.map(millisecondsToSeconds), request)
            // The first point of a day is its price; later points of the same day (an hourly series) are passed over.
            guard points.last?.date != day else { continue }
            points.append(PricePoint(date: day, close: try price(pair[1], "price", request), volume: volumes[day]))
        }
        return points
    }

    public func errorMessage(in body: [UInt8]) -> String? {
        guard let document = try? ExactJSON.parse(body) else { return nil }
        if case .string(let message)? = document["error"] { return message }
        if case .string(let message)? = document["status"]?["error_message"] { return message }
        return nil
    }

    /// Milliseconds as seconds (text): CoinGecko's times are milliseconds.
    func millisecondsToSeconds(_ text: String) -> String {
        let whole = String(text.prefix { $0 != "." })
        return whole.count > 3 ? String(whole.dropLast(3)) : "0"
    }
}

/// Coinbase Exchange's public candles: `GET /products/{ASSET}-{CCY}/candles?granularity=86400&start=…&end=…`
/// (ISO 8601), answered `[[time, low, high, open, close, volume], …]`, newest first, at most 300 a request; `time` is
/// the UTC day's start and `close` its last trade. Its public limit is 10 requests a second; one every 0.2 s here.
public struct Coinbase: PriceProvider {
    public var name: String { "coinbase" }
    public var minimumInterval: Duration { .milliseconds(200) }
    public var baseURL: String

    public init(baseURL: String = "https://api.exchange.coinbase.com") { self.baseURL = baseURL }

    public func requests(asset: Asset, currency: Asset, from: CivilDate, to: CivilDate) throws(FetchError) -> [PriceRequest] {
        spans(from: from, to: to, days: 300).map { span in
            PriceRequest(
                url: "\(baseURL)/products/\(asset.symbol)-\(currency.symbol)/candles?granularity=86400&start=\(span.0)T00:00:00Z"
                    + "&end=\(span.1)T23:59:59Z",
                from: span.0, to: span.1)
        }
    }

    public func points(in body: [UInt8], for request: PriceRequest, asset: Asset, currency: Asset) throws(FetchError) -> [PricePoint] {
        guard let candles = try document(body, request).array else {
            throw FetchError(.data, "coinbase: \(request.url): the response is not a list of candles"
                + (errorMessage(in: body).map { " (\($0))" } ?? ""))
        }
        var points: [PricePoint] = []
        for candle in candles {
            guard let fields = candle.array, fields.count == 6 else {
                throw FetchError(.data, "coinbase: \(request.url): a candle is \(candle.kind), not [time, low, high, open, close, volume]")
            }
            let volume = fields[5].numberText.flatMap { try? Fixed(parsing: $0, roundingExcessDigits: .halfEven) }
            points.append(PricePoint(
                date: try day(unixSeconds: fields[0].numberText, request), open: try price(fields[3], "open", request),
                high: try price(fields[2], "high", request), low: try price(fields[1], "low", request),
                close: try price(fields[4], "close", request), volume: volume))
        }
        return points.sorted { $0.date < $1.date }
    }

    public func errorMessage(in body: [UInt8]) -> String? {
        guard case .string(let message)? = (try? ExactJSON.parse(body))?["message"] else { return nil }
        return message
    }
}

/// Kraken's public OHLC: `GET /0/public/OHLC?pair={ASSET}{CCY}&interval=1440&since=…`, answered
/// `{"error":[],"result":{"XXBTZUSD":[[time, "open", "high", "low", "close", "vwap", "volume", count], …], "last": …}}`
/// with prices as strings. Kraken returns only the latest 720 days whatever `since` says: older days are not there
/// (use coingecko or coinbase for them). Bitcoin is XBT at Kraken. About one public call a second.
public struct Kraken: PriceProvider {
    public var name: String { "kraken" }
    public var minimumInterval: Duration { .seconds(1) }
    public var baseURL: String

    public init(baseURL: String = "https://api.kraken.com") { self.baseURL = baseURL }

    public func requests(asset: Asset, currency: Asset, from: CivilDate, to: CivilDate) throws(FetchError) -> [PriceRequest] {
        let symbol = asset.symbol == "BTC" ? "XBT" : asset.symbol
        let since = Int64(from.daysSinceEpoch) * 86_400 - 1
        return [PriceRequest(url: "\(baseURL)/0/public/OHLC?pair=\(symbol)\(currency.symbol)&interval=1440&since=\(since)", from: from, to: to)]
    }

    public func points(in body: [UInt8], for request: PriceRequest, asset: Asset, currency: Asset) throws(FetchError) -> [PricePoint] {
        let document = try document(body, request)
        if let message = errorMessage(in: body) { throw FetchError(.data, "kraken: \(request.url): \(message)") }
        guard case .object(let members)? = document["result"],
              let series = members.first(where: { $0.key != "last" })?.value.array else {
            throw FetchError(.data, "kraken: \(request.url): the response has no OHLC series in \"result\"")
        }
        return try series.map { (row: ExactJSON) throws(FetchError) -> PricePoint in
            guard let fields = row.array, fields.count >= 7 else {
                throw FetchError(.data, "kraken: \(request.url): an OHLC row is \(row.kind), not [time, open, high, low, close, vwap, volume, count]")
            }
            return PricePoint(
                date: try day(unixSeconds: fields[0].numberText, request), open: try price(fields[1], "open", request),
                high: try price(fields[2], "high", request), low: try price(fields[3], "low", request),
                close: try price(fields[4], "close", request),
                volume: fields[6].numberText.flatMap { try? Fixed(parsing: $0, roundingExcessDigits: .halfEven) })
        }
    }

    public func errorMessage(in body: [UInt8]) -> String? {
        guard let errors = (try? ExactJSON.parse(body))?["error"]?.array, !errors.isEmpty else { return nil }
        return errors.compactMap { if case .string(let text) = $0 { text } else { nil } }.joined(separator: "; ")
    }
}
