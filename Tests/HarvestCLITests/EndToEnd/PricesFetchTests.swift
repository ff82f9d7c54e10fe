import Foundation
import HarvestTestSupport
import Testing

/// `harvest prices fetch` as a user runs it, against a local HTTP server on 127.0.0.1 serving recorded responses (made
/// by hand in Coinbase Exchange's documented candle shape: [time, low, high, open, close, volume], newest first).
@Suite("harvest prices fetch, end to end")
struct PricesFetchTests {
    static let candles = "/products/BTC-USD/candles?granularity=86400&start=2024-01-01T00:00:00Z&end=2024-01-02T23:59:59Z"

    @Test("fetched days are stored with their source; a second fetch changes nothing; the stored closes value a sale")
    func fetchAndStore() async throws {
        let server = try await RecordedHTTPServer([
            Self.candles: [.init(body: "[[1704153600,44000,45900,44187.5,44950.25,20000.1],[1704067200,42100,44200,42280.1,44187.5,15000]]")],
            "/products/DOGE-USD/candles?granularity=86400&start=2024-01-01T00:00:00Z&end=2024-01-02T23:59:59Z":
                [.init(status: 404, body: #"{"message":"NotFound"}"#)],
        ])
        let cli = try CLI()
        let fetch = ["prices", "fetch", "--source", "coinbase", "--from", "2024-01-01", "--to", "2024-01-02", "--base-url", server.baseURL]
        let first = try cli.run(fetch + ["--assets", "BTC"])
        #expect(first.status == 0 && first.stdout == "coinbase BTC-USD: 2 added, 0 replaced, 0 unchanged (2024-01-01 to 2024-01-02)\n")
        let again = try cli.run(fetch + ["--assets", "BTC"])
        #expect(again.stdout == "coinbase BTC-USD: 0 added, 0 replaced, 2 unchanged (2024-01-01 to 2024-01-02)\n")
        // A trade valued from the fetched close: 0.1 BTC for 0.1 ETH on 2024-01-02 has proceeds 0.1 × 44,950.25.
        #expect(try cli.run("import", try cli.file("t.csv", """
            \(header)
            2024-01-01,buy,w,4000,USD,0.1,BTC,,,,,b1,
            2024-01-02,trade,w,0.1,BTC,2,ETH,,,,,t1,

            """)).status == 0)
        #expect(try cli.run("gains", "--format", "csv").stdout.contains("BTC,w,0.1,2024-01-01,2024-01-02,4495.03,4000.00,0.00,495.03,short,b1,t1"))
        // The API's own message, the asset and the URL; exit 65; nothing stored.
        let missing = try cli.run(fetch + ["--assets", "DOGE"])
        #expect(missing.status == 65 && missing.stderr.contains("coinbase: no prices for DOGE") && missing.stderr.contains("HTTP 404: NotFound"))
        let usage = try cli.run("prices", "fetch", "--assets", "BTC")
        #expect(usage.status == 64 && usage.stderr.contains("--assets needs --from YYYY-MM-DD"))
        #expect(server.requests.count == 3)
        try await server.shutdown()
    }
}
