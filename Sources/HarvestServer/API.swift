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
                return "{\"note\":\(JSON.string(view.note)),\"summary\":[\(view.summary.map(JSON.string).joined(separator: ","))],\"svg\":"
                    + (view.svg.map(JSON.string) ?? "null") + "}\n"
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
        "{" + entries.map { "\(JSON.string($0.key)):\(JSON.string($0.value))" }.joined(separator: ",") + "}"
    }

    func history(_ view: PortfolioView) -> String {
        let points = view.history.map { point in
            let assets = point.byAsset.sorted { $0.key < $1.key }.map { "\(JSON.string($0.key.symbol)):\(JSON.string($0.value.description))" }
            let total = point.byAsset.values.reduce(Money.zero, +)
            return "{\"date\":\"\(point.date)\",\"total\":\(JSON.string(total.description)),\"by_asset\":{\(assets.joined(separator: ","))}}"
        }
        return "{\"as_of\":\"\(view.asOf)\",\"currency\":\(JSON.string(view.base.symbol)),\"points\":[\(points.joined(separator: ","))]}\n"
    }

    func row(_ view: GainsRowView) -> String {
        let disposal = view.disposal
        let pairs: [(String, String)] = [
            ("year", "\(view.year)"), ("index", "\(view.index)"), ("asset", JSON.string(disposal.asset.symbol)), ("wallet", JSON.string(disposal.wallet.name)),
            ("quantity", JSON.string(disposal.quantity.description)), ("date_acquired", JSON.string("\(disposal.dateAcquired)")),
            ("date_disposed", JSON.string("\(disposal.dateDisposed)")), ("proceeds", JSON.string(disposal.proceeds.description)),
            ("cost_basis", JSON.string(disposal.costBasis.description)), ("adjustment", JSON.string(disposal.adjustment.description)),
            ("gain", JSON.string(disposal.gain.description)), ("term", JSON.string(disposal.term.rawValue)),
            ("lot_tx_id", JSON.string(disposal.lotTransactionID)), ("disposal_tx_id", JSON.string(disposal.disposalTransactionID)),
            ("lot_source", view.lotSource.map { source(of: $0) } ?? "null"), ("disposal_source", view.disposalSource.map { source(of: $0) } ?? "null"),
        ]
        return "{" + pairs.map { "\(JSON.string($0.0)):\($0.1)" }.joined(separator: ",") + "}\n"
    }

    func source(of location: SourceLocation) -> String { "{\"file\":\(JSON.string(location.file)),\"line\":\(location.line)}" }

    func transfers(_ view: TransfersView) -> String {
        func line(_ line: TransfersView.Line) -> String {
            "{\"status\":\(JSON.string(line.status)),\"date\":\(JSON.string(line.date)),\"from\":\(JSON.string(line.from)),\"to\":\(JSON.string(line.to)),"
                + "\"asset\":\(JSON.string(line.asset)),\"sent\":\(JSON.string(line.sent)),\"received\":\(JSON.string(line.received))}"
        }
        let decisions = view.decisions.map {
            "{\"transaction\":\(JSON.string($0.reference)),\"decision\":\(JSON.string($0.says)),\"created_at\":\(JSON.string($0.createdAt))}"
        }
        return "{\"matched\":[\(view.matched.map(line).joined(separator: ","))],\"unmatched\":[\(view.unmatched.map(line).joined(separator: ","))],"
            + "\"decisions\":[\(decisions.joined(separator: ","))],\"stale\":[\(view.stale.map(JSON.string).joined(separator: ","))]}\n"
    }
}
