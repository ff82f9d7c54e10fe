import HarvestCore
import HarvestFetch
import HarvestTestSupport
import Synchronization
import Testing

// The response bodies below are recorded responses made by hand for these tests, in the shape each API documents
// (CoinGecko's /coins/{id}/market_chart/range, Coinbase Exchange's /products/{id}/candles, Kraken's /0/public/OHLC);
// the prices are round or made up, not market data.

/// A CoinGecko answer for 2024-01-01 to 2024-01-03 (and a fourth day the range does not ask for): times in milliseconds
/// at 00:00 UTC (1704067200 s is 2024-01-01), prices as JSON numbers with more digits than a Double keeps exactly.
let coinGeckoBody = """
    {"prices":[[1704067200000,42261.04207137573],[1704153600000,44179.921128573455],[1704240000000,4.494691E4],[1704326400000,42848.17]],
     "market_caps":[[1704067200000,827357213131.1]],
     "total_volumes":[[1704067200000,14006582376.9],[1704153600000,1.8e10]]}
    """

/// Waits asked for, recorded instead of waited.
final class Waits: Sendable {
    let recorded = Mutex<[Duration]>([])
    var all: [Duration] { recorded.withLock { $0 } }
    func sleep() -> @Sendable (Duration) async throws -> Void { { duration in self.recorded.withLock { $0.append(duration) } } }
}

@Suite("Exact JSON")
struct ExactJSONTests {
    @Test("numbers keep their digits; exponents move the point; strings unescape")
    func numbers() throws {
        let document = try ExactJSON.parse(Array(#"{"a":[42261.04207137573, 1.2e-05, -3E2, 0.5e1, 7, 1.25e+1], "s":"x\"\u00e9\n"}"#.utf8))
        let numbers = try #require(document["a"]?.array).map(\.numberText)
        #expect(numbers == ["42261.04207137573", "0.000012", "-300", "5", "7", "12.5"])
        #expect(document["s"] == .string("x\"é\n"))
    }

    @Test("malformed bodies are errors with an offset, not crashes", arguments: [
        "", "{", "[1,", "{\"a\" 1}", "[1e999999]", "tru", "\"abc", "[01a]", "<html>rate limited</html>", String(repeating: "[", count: 600),
    ])
    func malformed(_ text: String) {
        #expect(throws: ExactJSON.ParseError.self) { try ExactJSON.parse(Array(text.utf8)) }
    }
}

@Suite("Price providers: requests and answers")
struct PriceProviderTests {
    /// 2023-01-01 to 2024-06-30 is 547 days: a year, then 182 days; each request from the first day's 00:00 UTC to an hour
    /// into its last day (1672531200 is 2023-01-01, 1703980800 2023-12-31, 1704067200 2024-01-01, 1719705600 2024-06-30).
    @Test("CoinGecko: a request a year, by coin id; an unknown symbol names --id")
    func coinGeckoRequests() throws {
        let provider = CoinGecko(baseURL: "http://x")
        let requests = try provider.requests(asset: Asset("BTC"), currency: Asset("USD"), from: day("2023-01-01"), to: day("2024-06-30"))
        #expect(requests.map(\.url) == [
            "http://x/api/v3/coins/bitcoin/market_chart/range?vs_currency=usd&from=1672531200&to=1703984400",
            "http://x/api/v3/coins/bitcoin/market_chart/range?vs_currency=usd&from=1704067200&to=1719709200",
        ])
        #expect(throws: FetchError.self) { try provider.requests(asset: Asset("PEPE"), currency: Asset("USD"), from: day("2024-01-01"), to: day("2024-01-02")) }
        let named = CoinGecko(baseURL: "http://x", ids: ["PEPE": "pepe"])
        #expect(try named.requests(asset: Asset("PEPE"), currency: Asset("EUR"), from: day("2024-01-01"), to: day("2024-01-01")).first?.url
            == "http://x/api/v3/coins/pepe/market_chart/range?vs_currency=eur&from=1704067200&to=1704070800")
    }

    @Test("CoinGecko: a day's price is its 00:00 UTC point, exactly as written; volumes by day")
    func coinGeckoPoints() throws {
        let provider = CoinGecko(baseURL: "http://x")
        let request = PriceRequest(url: "http://x/r", from: day("2024-01-01"), to: day("2024-01-03"))
        let points = try provider.points(in: Array(coinGeckoBody.utf8), for: request, asset: Asset("BTC"), currency: Asset("USD"))
        #expect(points.map(\.date) == [day("2024-01-01"), day("2024-01-02"), day("2024-01-03"), day("2024-01-04")])
        #expect(points.map(\.close) == ["42261.04207137573", "44179.921128573455", "44946.91", "42848.17"])
        #expect(points[0].volume == "14006582376.9" && points[1].volume == "18000000000" && points[2].volume == nil)
        // An hourly series (a range of 90 days or less): the first point of each day.
        let hourly = #"{"prices":[[1704067200000,1],[1704070800000,2],[1704153600000,3],[1704157200000,4]]}"#
        #expect(try provider.points(in: Array(hourly.utf8), for: request, asset: Asset("BTC"), currency: Asset("USD")).map(\.close) == [1, 3])
    }

    /// Candles newest first, [time, low, high, open, close, volume]; 300 days a request.
    @Test("Coinbase: candles read as open, high, low, close in date order; 300 days a request")
    func coinbase() throws {
        let provider = Coinbase(baseURL: "http://x")
        let requests = try provider.requests(asset: Asset("ETH"), currency: Asset("USD"), from: day("2023-01-01"), to: day("2024-06-30"))
        #expect(requests.count == 2 && requests[0].to == day("2023-10-27") && requests[1].from == day("2023-10-28"))
        #expect(requests[0].url == "http://x/products/ETH-USD/candles?granularity=86400&start=2023-01-01T00:00:00Z&end=2023-10-27T23:59:59Z")
        let body = "[[1704153600,2300.1,2450,2352.5,2410.25,12345.678],[1704067200,2280,2360.75,2281.33,2352.5,9876.5]]"
        let points = try provider.points(in: Array(body.utf8), for: requests[1], asset: Asset("ETH"), currency: Asset("USD"))
        #expect(points.map(\.date) == [day("2024-01-01"), day("2024-01-02")])
        #expect(points[1].open == "2352.5" && points[1].high == 2450 && points[1].low == "2300.1" && points[1].close == "2410.25")
        #expect(points[1].volume == "12345.678")
        #expect(throws: FetchError.self) {
            try provider.points(in: Array(#"{"message":"NotFound"}"#.utf8), for: requests[1], asset: Asset("ETH"), currency: Asset("USD"))
        }
    }

    @Test("Kraken: XBT for BTC, prices as strings, its error list as the message")
    func kraken() throws {
        let provider = Kraken(baseURL: "http://x")
        let request = try #require(try provider.requests(asset: Asset("BTC"), currency: Asset("USD"), from: day("2024-01-01"), to: day("2024-01-02")).first)
        #expect(request.url == "http://x/0/public/OHLC?pair=XBTUSD&interval=1440&since=1704067199")
        let body = #"{"error":[],"result":{"XXBTZUSD":[[1704067200,"42283.6","44218.0","42186.3","44179.9","43250.1","2981.95",60000]],"last":1704067200}}"#
        let points = try provider.points(in: Array(body.utf8), for: request, asset: Asset("BTC"), currency: Asset("USD"))
        #expect(points.count == 1 && points[0].date == day("2024-01-01") && points[0].close == "44179.9" && points[0].volume == "2981.95")
        do {
            _ = try provider.points(in: Array(#"{"error":["EQuery:Unknown asset pair"]}"#.utf8), for: request, asset: Asset("BTC"), currency: Asset("USD"))
            Issue.record("an error body was read as prices")
        } catch let error as FetchError {
            #expect(error.description.contains("EQuery:Unknown asset pair"))
        } catch {
            Issue.record(error)
        }
    }

    @Test("a negative, missing or non-numeric price is an error naming the request")
    func badPrices() {
        let provider = CoinGecko(baseURL: "http://x")
        let request = PriceRequest(url: "http://x/r", from: day("2024-01-01"), to: day("2024-01-01"))
        for body in [#"{"prices":[[1704067200000,-1]]}"#, #"{"prices":[[1704067200000,null]]}"#, #"{"prices":[[1704067200000]]}"#,
                     #"{"prices":[[99999999999999999999,1]]}"#, #"{"error":"coin not found"}"#] {
            #expect(throws: FetchError.self) { try provider.points(in: Array(body.utf8), for: request, asset: Asset("BTC"), currency: Asset("USD")) }
        }
    }
}

@Suite("Price fetching over HTTP (a local server with recorded responses)")
struct PriceFetcherTests {
    static let path = "/api/v3/coins/bitcoin/market_chart/range?vs_currency=usd&from=1704067200&to=1704243600"

    func fetch(
        _ replies: [String: [RecordedHTTPServer.Reply]], attempts: Int = 5, from: String = "2024-01-01", to: String = "2024-01-03"
    ) async throws -> (points: Result<[PricePoint], FetchError>, waits: [Duration], requests: [String]) {
        let server = try await RecordedHTTPServer(replies)
        let waits = Waits()
        let fetcher = PriceFetcher(
            provider: CoinGecko(baseURL: server.baseURL), transport: AsyncHTTPTransport(), retry: RetryPolicy(attempts: attempts),
            sleep: waits.sleep())
        let result: Result<[PricePoint], FetchError>
        do {
            result = .success(try await fetcher.fetch(asset: Asset("BTC"), currency: Asset("USD"), from: day(from), to: day(to)))
        } catch let error as FetchError {
            result = .failure(error)
        }
        let requests = server.requests
        try await server.shutdown()
        return (result, waits.all, requests)
    }

    @Test("a range's days, the day after it left out")
    func success() async throws {
        let (points, waits, requests) = try await fetch([Self.path: [.init(body: coinGeckoBody)]])
        #expect(try points.get().map(\.close) == ["42261.04207137573", "44179.921128573455", "44946.91"])
        #expect(waits.isEmpty && requests == [Self.path])
    }

    @Test("429 with Retry-After: waits what it says, then succeeds")
    func rateLimited() async throws {
        let (points, waits, requests) = try await fetch([Self.path: [
            .init(status: 429, headers: [("Retry-After", "3")], body: #"{"status":{"error_code":429,"error_message":"You've exceeded the Rate Limit"}}"#),
            .init(body: coinGeckoBody),
        ]])
        #expect(try points.get().count == 3)
        #expect(waits == [.seconds(3)] && requests.count == 2)
    }

    @Test("a Retry-After longer than the policy allows fails at once with the server's wait")
    func rateLimitedTooLong() async throws {
        let (points, waits, _) = try await fetch([Self.path: [.init(status: 429, headers: [("Retry-After", "3600")], body: "")]])
        guard case .failure(let error) = points else { Issue.record("a fetch told to wait an hour succeeded"); return }
        #expect(error.kind == .network && error.message.contains("asks to wait 3600 s"))
        #expect(waits.isEmpty)
    }

    @Test("server errors are retried with doubling waits; after the last attempt the message says why")
    func serverErrors() async throws {
        let (points, waits, _) = try await fetch([Self.path: [
            .init(status: 502, body: "<html>Bad Gateway</html>"), .init(status: 503, body: ""), .init(body: coinGeckoBody),
        ]])
        #expect(try points.get().count == 3 && waits == [.seconds(2), .seconds(4)])

        let (failed, failedWaits, requests) = try await fetch([Self.path: [.init(status: 500, body: #"{"error":"internal"}"#)]], attempts: 3)
        guard case .failure(let error) = failed else { Issue.record("a fetch that only got 500s succeeded"); return }
        #expect(error.message.contains("gave up fetching BTC after 3 attempts") && error.message.contains("server error 500: internal"))
        #expect(failedWaits == [.seconds(2), .seconds(4)] && requests.count == 3)
    }

    @Test("a malformed body is a data error naming the URL; a 404 gives the API's own message")
    func malformed() async throws {
        let (points, _, _) = try await fetch([Self.path: [.init(body: #"{"prices":[[1704067200000,4226"#)]])
        guard case .failure(let error) = points else { Issue.record("a cut-off body was accepted"); return }
        #expect(error.kind == .data && error.message.contains("is not JSON") && error.message.contains(Self.path))

        let (missing, _, _) = try await fetch([Self.path: [.init(status: 404, body: #"{"error":"coin not found"}"#)]])
        guard case .failure(let notFound) = missing else { Issue.record("a 404 was accepted"); return }
        #expect(notFound.message.contains("HTTP 404: coin not found"))
    }

    /// 2024-01-01 to 2025-01-01 is 367 days: 2024-01-01 to 2024-12-30 (365), then 2024-12-31 to 2025-01-01 (1735603200 to an
    /// hour into 1735689600). The provider's pause (6 s) is kept between the two requests.
    @Test("the rate limit is kept between requests; chunks are merged by day")
    func twoRequests() async throws {
        let second = "/api/v3/coins/bitcoin/market_chart/range?vs_currency=usd&from=1735603200&to=1735693200"
        let (points, waits, requests) = try await fetch([
            "/api/v3/coins/bitcoin/market_chart/range?vs_currency=usd&from=1704067200&to=1735520400": [.init(body: coinGeckoBody)],
            second: [.init(body: #"{"prices":[[1735603200000,92643.21],[1735689600000,93429.2]]}"#)],
        ], from: "2024-01-01", to: "2025-01-01")
        #expect(try points.get().map(\.date) == [day("2024-01-01"), day("2024-01-02"), day("2024-01-03"), day("2024-01-04"), day("2024-12-31"), day("2025-01-01")])
        #expect(waits == [.seconds(6)] && requests.count == 2)
    }

    @Test("no server at all: retried, then a network error")
    func unreachable() async throws {
        // A port that was just listening and is closed now.
        let server = try await RecordedHTTPServer([:])
        let base = server.baseURL
        try await server.shutdown()
        let waits = Waits()
        let fetcher = PriceFetcher(provider: CoinGecko(baseURL: base), transport: AsyncHTTPTransport(deadline: .milliseconds(500)), retry: RetryPolicy(attempts: 2),
                                   sleep: waits.sleep())
        do {
            _ = try await fetcher.fetch(asset: Asset("BTC"), currency: Asset("USD"), from: day("2024-01-01"), to: day("2024-01-01"))
            Issue.record("a fetch with no server succeeded")
        } catch let error as FetchError {
            #expect(error.kind == .network && error.message.contains("no response"))
        }
        #expect(waits.all == [.seconds(2)])
    }
}

func day(_ text: String) -> CivilDate { CivilDate(iso: text) ?? CivilDate(daysSinceEpoch: 0) }
