import HarvestCore
import HarvestReports
import Hummingbird

/// The JSON API under `/api/v1`: what the pages show. Holdings, plan, gains and problems are the CLI's own JSON
/// (`--format json`, written by the same functions), byte for byte; the rest are small documents described in
/// `OpenAPIDocument`. Errors are `{"error":{"status","message","messages"}}` with the CLI's messages.
struct API<Data: DashboardData> {
    let data: Data

    /// Every route, as the OpenAPI document names it (a test checks the two agree).
    static var routes: [String] {
        ["/api/v1/openapi.json", "/api/v1/holdings", "/api/v1/portfolio/history", "/api/v1/plan", "/api/v1/gains", "/api/v1/gains/{year}/rows/{index}",
         "/api/v1/problems", "/api/v1/transfers", "/api/v1/backtest", "/api/v1/settings", "/api/v1/profile"]
    }

    func register(on router: Router<DashboardContext>) {
        router.get("/api/v1/openapi.json") { _, _ in Responses.json(OpenAPIDocument.json) }
        router.get("/api/v1/holdings") { request, _ in respond { try data.holdingsJSON(asOf: query(request, "as_of")) } }
        router.get("/api/v1/portfolio/history") { request, _ in respond { try history(data.portfolio(asOf: query(request, "as_of"))) } }
        router.get("/api/v1/plan") { request, _ in
            respond {
                try data.planJSON(PlanQuery(asOf: query(request, "as_of"), realizeLoss: query(request, "realize_loss"), target: query(request, "target")))
            }
        }
        router.get("/api/v1/gains") { request, _ in
            respond {
                let year = try query(request, "year").map { text in
                    guard let year = Int(text) else { throw DashboardError(.usage, ["error: year \(text) is not a year such as 2024"]) }
                    return year
                }
                return try data.gainsJSON(year: year)
            }
        }
        router.get("/api/v1/gains/:year/rows/:index") { _, context in
            respond {
                guard let year = context.parameters.get("year", as: Int.self), let index = context.parameters.get("index", as: Int.self) else {
                    throw DashboardError(.usage, ["error: the year and the row are whole numbers"])
                }
                return row(try data.gainsRow(year: year, index: index))
            }
        }
        router.get("/api/v1/problems") { _, _ in respond { try data.problemsJSON() } }
        router.get("/api/v1/transfers") { _, _ in respond { try transfers(data.transfers()) } }
        router.get("/api/v1/backtest") { _, _ in
            respond {
                let view = try data.backtest()
                return "{\"note\":\(jsonString(view.note)),\"summary\":[\(view.summary.map(jsonString).joined(separator: ","))],\"svg\":"
                    + (view.svg.map(jsonString) ?? "null") + "}\n"
            }
        }
        router.get("/api/v1/settings") { _, _ in
            respond {
                let view = try data.settings()
                return "{\"stored\":\(object(view.stored)),\"keys\":\(object(view.keys))}\n"
            }
        }
        router.get("/api/v1/profile") { _, _ in respond { try object(data.settings().profile) + "\n" } }
    }

    func query(_ request: Request, _ name: String) -> String? {
        guard let value = request.uri.queryParameters[name[...]], !value.isEmpty else { return nil }
        return String(value)
    }

    /// The document, or the CLI's error as JSON with its status.
    func respond(_ body: () throws -> String) -> Response {
        do {
            return Responses.json(try body())
        } catch let error as DashboardError {
            let status = Responses.status(of: error)
            return Responses.json(Responses.errorJSON(status, error.messages), status: status)
        } catch {
            return Responses.json(Responses.errorJSON(.internalServerError, ["error: \(error)"]), status: .internalServerError)
        }
    }

    func object(_ entries: [SettingsView.Entry]) -> String {
        "{" + entries.map { "\(jsonString($0.key)):\(jsonString($0.value))" }.joined(separator: ",") + "}"
    }

    func history(_ view: PortfolioView) -> String {
        let points = view.history.map { point in
            let assets = point.byAsset.sorted { $0.key < $1.key }.map { "\(jsonString($0.key.symbol)):\(jsonString($0.value.description))" }
            let total = point.byAsset.values.reduce(Money.zero, +)
            return "{\"date\":\"\(point.date)\",\"total\":\(jsonString(total.description)),\"by_asset\":{\(assets.joined(separator: ","))}}"
        }
        return "{\"as_of\":\"\(view.asOf)\",\"currency\":\(jsonString(view.base.symbol)),\"points\":[\(points.joined(separator: ","))]}\n"
    }

    func row(_ view: GainsRowView) -> String {
        let disposal = view.disposal
        let pairs: [(String, String)] = [
            ("year", "\(view.year)"), ("index", "\(view.index)"), ("asset", jsonString(disposal.asset.symbol)), ("wallet", jsonString(disposal.wallet.name)),
            ("quantity", jsonString(disposal.quantity.description)), ("date_acquired", jsonString("\(disposal.dateAcquired)")),
            ("date_disposed", jsonString("\(disposal.dateDisposed)")), ("proceeds", jsonString(disposal.proceeds.description)),
            ("cost_basis", jsonString(disposal.costBasis.description)), ("adjustment", jsonString(disposal.adjustment.description)),
            ("gain", jsonString(disposal.gain.description)), ("term", jsonString(disposal.term.rawValue)),
            ("lot_tx_id", jsonString(disposal.lotTransactionID)), ("disposal_tx_id", jsonString(disposal.disposalTransactionID)),
            ("lot_source", view.lotSource.map { source(of: $0) } ?? "null"), ("disposal_source", view.disposalSource.map { source(of: $0) } ?? "null"),
        ]
        return "{" + pairs.map { "\(jsonString($0.0)):\($0.1)" }.joined(separator: ",") + "}\n"
    }

    func source(of location: SourceLocation) -> String { "{\"file\":\(jsonString(location.file)),\"line\":\(location.line)}" }

    func transfers(_ view: TransfersView) -> String {
        func line(_ line: TransfersView.Line) -> String {
            "{\"status\":\(jsonString(line.status)),\"date\":\(jsonString(line.date)),\"from\":\(jsonString(line.from)),\"to\":\(jsonString(line.to)),"
                + "\"asset\":\(jsonString(line.asset)),\"sent\":\(jsonString(line.sent)),\"received\":\(jsonString(line.received))}"
        }
        let decisions = view.decisions.map {
            "{\"transaction\":\(jsonString($0.reference)),\"decision\":\(jsonString($0.says)),\"created_at\":\(jsonString($0.createdAt))}"
        }
        return "{\"matched\":[\(view.matched.map(line).joined(separator: ","))],\"unmatched\":[\(view.unmatched.map(line).joined(separator: ","))],"
            + "\"decisions\":[\(decisions.joined(separator: ","))],\"stale\":[\(view.stale.map(jsonString).joined(separator: ","))]}\n"
    }
}
