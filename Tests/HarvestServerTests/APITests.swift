import Foundation
@testable import HarvestServer
import Testing
import HarvestTestSupport

/// The JSON API against the CLI's JSON for the same database, its errors against the CLI's messages, and the OpenAPI
/// document against the routes. The server runs for real on 127.0.0.1.
@Suite("Dashboard API", .serialized)
struct APITests {
    @Test("holdings, plan, gains and problems equal `harvest ... --format json` byte for byte")
    func sameAsCLI() async throws {
        let scratch = try Scratch()
        let served = try await Served.start(scratch.database)
        defer { Task { await served.stop() } }
        let pairs: [(String, [String])] = [
            ("/api/v1/holdings?as_of=2024-12-20", ["holdings", "--as-of", "2024-12-20", "--format", "json"]),
            ("/api/v1/plan?as_of=2024-12-20", ["plan", "--as-of", "2024-12-20", "--format", "json"]),
            ("/api/v1/plan?as_of=2024-12-20&realize_loss=1000", ["plan", "--as-of", "2024-12-20", "--realize-loss", "1000", "--format", "json"]),
            ("/api/v1/gains", ["gains", "--format", "json"]),
            ("/api/v1/gains?year=2024", ["gains", "--year", "2024", "--format", "json"]),
            ("/api/v1/problems", ["problems", "--format", "json"]),
        ]
        for (path, arguments) in pairs {
            let reply = try await served.request(path)
            let cli = try scratch.harvest(arguments)
            #expect(reply.status == 200, "\(path)")
            #expect(cli.status == 0, "\(arguments): \(cli.stderr)")
            #expect(reply.body == cli.stdout, "\(path) differs from harvest \(arguments.joined(separator: " "))")
            #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true)
        }
        // And the numbers are the hand-worked ones: the 2024 row is s1's 11,000 long-term gain from b1 (line 2) sold on line 4.
        let gains = try JSONSerialization.jsonObject(with: Data(try await served.request("/api/v1/gains?year=2024").body.utf8)) as? [String: Any]
        let rows = gains?["disposals"] as? [[String: Any]] ?? []
        #expect(rows.count == 1)
        #expect((rows.first?["gain"] as? String).map { $0.hasPrefix("11000") } == true)
        let row = try await served.request("/api/v1/gains/2024/rows/0").body
        #expect(row.contains("\"gain\":\"11000") && row.contains("\"term\":\"long\""))
        #expect(row.contains("\"lot_source\":{\"file\":\"\(scratch.ledger)\",\"line\":2}"))
        #expect(row.contains("\"disposal_source\":{\"file\":\"\(scratch.ledger)\",\"line\":4}"))
    }

    @Test("with derivatives stored, gains and plan still equal the CLI's JSON (their derivative keys included)")
    func sameAsCLIWithDerivatives() async throws {
        let scratch = try Scratch()
        // A perpetual's funding paid in 2024 (a Harvest CSV derivative row): the gains JSON gets its derivative keys.
        let file = scratch.directory.appendingPathComponent("perp.csv").path
        try """
            timestamp,type,wallet,tx_id,instrument,instrument_kind,underlying,amount
            2024-03-05T00:00:00Z,funding,kraken,f1,BTC-PERP,perpetual,BTC,-12.5

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try scratch.harvest(["import", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        let served = try await Served.start(scratch.database)
        defer { Task { await served.stop() } }
        for (path, arguments) in [
            ("/api/v1/gains?year=2024", ["gains", "--year", "2024", "--format", "json"]),
            ("/api/v1/plan?as_of=2024-12-20", ["plan", "--as-of", "2024-12-20", "--format", "json"]),
        ] {
            let reply = try await served.request(path)
            let cli = try scratch.harvest(arguments)
            #expect(reply.status == 200 && cli.status == 0, "\(path): \(cli.stderr)")
            #expect(reply.body == cli.stdout, "\(path) differs from harvest \(arguments.joined(separator: " "))")
        }
        #expect(try await served.request("/api/v1/gains?year=2024").body.contains("\"derivative_funding_paid\":[{"))
    }

    @Test("errors are JSON with the CLI's message and status")
    func errors() async throws {
        let scratch = try Scratch()
        let served = try await Served.start(scratch.database)
        defer { Task { await served.stop() } }
        // A --realize-loss that is no amount: ArgumentParser's message, as the CLI prints it (exit 64 there, 400 here).
        let reply = try await served.request("/api/v1/plan?realize_loss=lots")
        let cli = try scratch.harvest(["plan", "--realize-loss", "lots"])
        #expect(reply.status == 400 && cli.status == 64)
        let error = (try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any])?["error"] as? [String: Any]
        let message = error?["message"] as? String ?? ""
        #expect(message.contains("takes a positive amount such as 12000, not 'lots'"))
        #expect(cli.stderr.contains(message.replacingOccurrences(of: "error: ", with: "")))
        // A row that does not exist: 404, saying how many there are (one in 2024).
        let missing = try await served.request("/api/v1/gains/2024/rows/3")
        #expect(missing.status == 404 && missing.body.contains("2024 has 1 row(s): there is no row 4"))
    }

    @Test("the OpenAPI document lists exactly the routes served, and each answers 200")
    func openAPI() async throws {
        let scratch = try Scratch()
        let served = try await Served.start(scratch.database)
        defer { Task { await served.stop() } }
        let document = try await served.request("/api/v1/openapi.json")
        #expect(document.status == 200)
        let spec = try JSONSerialization.jsonObject(with: Data(document.body.utf8)) as? [String: Any]
        #expect((spec?["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = Set((spec?["paths"] as? [String: Any] ?? [:]).keys)
        #expect(paths == Set(API<NoData>.routes))
        for path in paths.sorted() {
            let concrete = path.replacingOccurrences(of: "{year}", with: "2024").replacingOccurrences(of: "{index}", with: "0")
            let reply = try await served.request(concrete + (concrete.contains("plan") || concrete.contains("holdings") ? "?as_of=2024-12-20" : ""))
            #expect(reply.status == 200, "\(path): \(reply.status) \(reply.body.prefix(200))")
        }
        // And nothing else under /api/v1 answers.
        #expect(try await served.request("/api/v1/lots").status == 404)
    }

    @Test("bound beyond loopback: no token, 401; the token as a header, a cookie or once in the address, allowed")
    func token() async throws {
        let scratch = try Scratch()
        let token = "0123456789abcdef0123456789abcdef"
        let served = try await Served.start(scratch.database, host: "0.0.0.0", token: token)
        defer { Task { await served.stop() } }
        for path in ["/", "/harvest", "/api/v1/holdings", "/api/v1/openapi.json"] {
            let refused = try await served.request(path)
            #expect(refused.status == 401, "\(path)")
            #expect(!refused.body.contains("kraken"))
            #expect(try await served.request(path, headers: ["Authorization": "Bearer wrong\(token.dropFirst(5))"]).status == 401)
        }
        #expect(try await served.request("/api/v1/holdings", headers: ["Authorization": "Bearer \(token)"]).status == 200)
        #expect(try await served.request("/", headers: ["Cookie": "harvest_token=\(token)"]).status == 200)
        let once = try await served.request("/gains?token=\(token)")
        #expect(once.status == 303 && once.headers["location"] == "/gains" && once.cookies["harvest_token"] == token)
    }

    @Test("a gains row's page corrects its sale through a form (`tx edit`, CSRF), and the gains follow; a bad value gets the CLI's message")
    func editRow() async throws {
        let scratch = try Scratch()
        let served = try await Served.start(scratch.database)
        defer { Task { await served.stop() } }
        let page = try await served.request("/gains/2024/0")
        #expect(page.body.contains("action=\"/tx/edit\"") && page.body.contains("value=\"kraken/s1\"") && page.body.contains("value=\"kraken/b1\""))
        let csrf = try #require(page.cookies["harvest_csrf"])
        let cookie = ["Cookie": "harvest_csrf=\(csrf)"]
        // s1 sold 0.5 BTC of b1 (basis 20,000 / 2 = 10,000); received 20,000 instead of 21,000, the gain is 10,000.
        let body = "csrf=\(csrf)&reference=kraken%2Fs1&back=%2Fgains%2F2024%2F0&received-quantity=20000&note=statement+says+20000&timestamp="
        let reply = try await served.request("/tx/edit", method: "POST", headers: cookie, body: body)
        #expect(reply.status == 303)
        #expect(reply.headers["location"]?.hasPrefix("/gains/2024/0?message=done") == true)
        let row = try await served.request("/api/v1/gains/2024/rows/0").body
        #expect(row.contains("\"gain\":\"10000"))
        #expect(try scratch.harvest(["tx", "show", "kraken/s1"]).stdout.contains("statement says 20000"))
        // Not a number: refused with the CLI's message naming the value, and the edit stored before stays.
        let bad = try await served.request(
            "/tx/edit", method: "POST", headers: cookie, body: "csrf=\(csrf)&reference=kraken%2Fs1&back=%2Fgains%2F2024%2F0&received-quantity=lots")
        #expect(bad.status == 400 || bad.status == 422)
        #expect(bad.body.contains("lots") && bad.body.contains("href=\"/gains/2024/0\""))
        #expect(try await served.request("/api/v1/gains/2024/rows/0").body.contains("\"gain\":\"10000"))
    }

    @Test("on loopback: another Host (DNS rebinding) is refused; a form without the session's CSRF token is refused")
    func hostAndCSRF() async throws {
        let scratch = try Scratch()
        let served = try await Served.start(scratch.database)
        defer { Task { await served.stop() } }
        #expect(try await served.request("/api/v1/holdings", headers: ["Host": "attacker.example:\(served.port)"]).status == 403)
        let page = try await served.request("/settings")
        let csrf = try #require(page.cookies["harvest_csrf"])
        #expect(page.body.contains("name=\"csrf\" value=\"\(csrf)\""))
        // No cookie, a cookie without the field, a field that does not match: 403, and nothing is stored.
        let attempts: [([String: String], String)] = [
            ([:], "csrf=\(csrf)&short-rate=0"), (["Cookie": "harvest_csrf=\(csrf)"], "short-rate=0"),
            (["Cookie": "harvest_csrf=\(csrf)"], "csrf=\(String(csrf.reversed()))&short-rate=0"),
        ]
        for (headers, body) in attempts {
            #expect(try await served.request("/settings/profile", method: "POST", headers: headers, body: body).status == 403)
        }
        #expect(try scratch.harvest(["settings"]).stdout.contains("short-rate =") == false)
        let accepted = try await served.request("/settings/profile", method: "POST", headers: ["Cookie": "harvest_csrf=\(csrf)"], body: "csrf=\(csrf)&short-rate=0.3")
        #expect(accepted.status == 303)
        #expect(try scratch.harvest(["settings"]).stdout.contains("short-rate = 0.3"))
    }
}

/// A stand-in type for naming `API`'s static route list.
struct NoData: DashboardData {
    func version() throws -> Int { 0 }
    func portfolio(asOf: String?) throws -> PortfolioView { throw DashboardError(.other, []) }
    func holdingsJSON(asOf: String?) throws -> String { "" }
    func plan(_ query: PlanQuery) throws -> PlanView { throw DashboardError(.other, []) }
    func planJSON(_ query: PlanQuery) throws -> String { "" }
    func gains() throws -> GainsView { throw DashboardError(.other, []) }
    func gainsYear(_ year: Int, offset: Int, limit: Int) throws -> GainsYearView { throw DashboardError(.other, []) }
    func gainsRow(year: Int, index: Int) throws -> GainsRowView { throw DashboardError(.other, []) }
    func gainsJSON(year: Int?) throws -> String { "" }
    func problems() throws -> ProblemsView { throw DashboardError(.other, []) }
    func problemsJSON() throws -> String { "" }
    func transfers() throws -> TransfersView { throw DashboardError(.other, []) }
    func backtest() throws -> BacktestView { throw DashboardError(.other, []) }
    func settings() throws -> SettingsView { throw DashboardError(.other, []) }
    func apply(_ change: DashboardChange) throws -> String { "" }
}
