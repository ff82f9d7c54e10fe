import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import HarvestCLI
import HarvestServer
import HarvestTestSupport
import Testing

/// A scratch database made by the `harvest` binary, as a user would make it, with numbers worked by hand.
///
/// kraken, US rules, FIFO:
/// - line 2, b1: 2023-01-10 buy 1 BTC for 20,000
/// - line 3, b2: 2023-03-01 buy 2 SOL for 3,000 (1,500 each)
/// - line 4, s1: 2024-02-01 sell 0.5 BTC for 21,000: basis 10,000 (half of b1), gain 11,000, long-term (held over a year)
/// - line 5, b3: 2024-06-01 buy 1 ETH for 4,000
/// - line 6, w1: 2024-07-01 withdraw 0.1 BTC to a wallet not tracked: an unmatched withdrawal (a problem)
/// On 2024-12-20 (BTC 97,000, SOL and ETH 2,500): 0.4 BTC of b1 (basis 8,000) is worth 38,800 (+30,800); b2's 2 SOL (basis 3,000)
/// 5,000 (+2,000); b3's ETH (basis 4,000) 2,500 (−1,500, short-term: long-term from 2025-06-02). Total 46,300, basis 15,000,
/// unrealized +31,300. The plan of that day can harvest b3's 1,500 short-term loss (b3 is the only ETH lot, so FIFO sells it).
struct Scratch {
    let directory: URL
    var database: String { directory.appendingPathComponent("dashboard.sqlite").path }
    var ledger: String { directory.appendingPathComponent("t.csv").path }

    static let header = "timestamp,type,wallet,sent_quantity,sent_asset,received_quantity,received_asset,fee_quantity,fee_asset,value,to_wallet,tx_id,note"

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
            \(Self.header)
            2023-01-10T10:00:00Z,buy,kraken,20000,USD,1,BTC,,,,,b1,
            2023-03-01T10:00:00Z,buy,kraken,3000,USD,2,SOL,,,,,b2,
            2024-02-01T10:00:00Z,sell,kraken,0.5,BTC,21000,USD,,,,,s1,
            2024-06-01T10:00:00Z,buy,kraken,4000,USD,1,ETH,,,,,b3,
            2024-07-01T10:00:00Z,withdrawal,kraken,0.1,BTC,,,,,,,w1,

            """.write(toFile: ledger, atomically: true, encoding: .utf8)
        // Month-end closes, then the closes of the plan's day; ETH ends below b3's 4,000.
        // A close on w1's day too: the withdrawal is valued when it is marked external.
        let days = ["2023-01-31", "2023-06-30", "2023-12-31", "2024-03-31", "2024-06-30", "2024-07-01", "2024-09-30", "2024-12-19", "2024-12-20"]
        let btc = ["23000", "30000", "42000", "70000", "62000", "62000", "63000", "96000", "97000"]
        let eth = ["1600", "1900", "2300", "3600", "3400", "3400", "2600", "2600", "2500"]
        for (asset, closes) in [("BTC", btc), ("ETH", eth), ("SOL", eth)] {
            let rows = zip(days, closes).map { "\($0),\($1),\($1),\($1),\($1),1" }.joined(separator: "\n")
            try "date,open,high,low,close,volume\n\(rows)\n".write(
                to: directory.appendingPathComponent("\(asset)-USD.csv"), atomically: true, encoding: .utf8)
        }
        let imported = try harvest(["import", ledger])
        let priced = try harvest(["prices", "import"] + ["BTC", "ETH", "SOL"].map { directory.appendingPathComponent("\($0)-USD.csv").path })
        guard imported.status == 0, priced.status == 0 else {
            throw ScratchError(message: "the fixture did not import: \(imported.stderr) \(priced.stderr)")
        }
    }

    struct ScratchError: Error { var message: String }

    typealias Output = HarvestProcess.Output

    /// Runs `harvest --db DATABASE arguments...` (`HarvestProcess`).
    func harvest(_ arguments: [String]) throws -> Output {
        try HarvestProcess.run(["--db", database] + arguments, in: directory)
    }
}

/// The dashboard of a scratch database, served for real on an ephemeral port, in this process.
final class Served: @unchecked Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    /// Starts the server (`WorkspaceDashboard` over `database`, as `harvest serve` does) and waits until it listens.
    static func start(_ database: String, host: String = "127.0.0.1", token: String? = nil) async throws -> Served {
        let data = try WorkspaceDashboard(database: database)
        let bound = PortBox()
        let task = Task {
            try await DashboardServer.run(data: data, configuration: DashboardConfiguration(host: host, port: 0, token: token)) { bound.set($0) }
        }
        for _ in 0..<1_000 {
            if let port = bound.get() { return Served(port: port, task: task) }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        task.cancel()
        throw Scratch.ScratchError(message: "the server did not start within 10 s")
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    var base: String { "http://127.0.0.1:\(port)" }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: String
        /// The `name=value` of every Set-Cookie.
        var cookies: [String: String] {
            var found: [String: String] = [:]
            for (name, value) in headers where name.lowercased() == "set-cookie" {
                for part in value.split(separator: ",") {
                    let pair = part.split(separator: ";").first?.split(separator: "=", maxSplits: 1) ?? []
                    if pair.count == 2 { found[pair[0].trimmingCharacters(in: .whitespaces)] = String(pair[1]) }
                }
            }
            return found
        }
    }

    /// One request; redirects are not followed, so a test sees the 303 of a form and the 401 of an access check.
    func request(_ path: String, method: String = "GET", headers: [String: String] = [:], body: String? = nil) async throws -> Reply {
        guard let url = URL(string: base + path) else { throw Scratch.ScratchError(message: "bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        let session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        let http = response as? HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] { fields["\(name)".lowercased()] = "\(value)" }
        return Reply(status: http?.statusCode ?? 0, headers: fields, body: String(decoding: data, as: UTF8.self))
    }
}

private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
        completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

private final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var port: Int?
    func set(_ value: Int) { lock.withLock { port = value } }
    func get() -> Int? { lock.withLock { port } }
}
