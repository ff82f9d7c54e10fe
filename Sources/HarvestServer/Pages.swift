import Foundation
import HarvestCore
import HarvestReports
import Hummingbird

/// The dashboard's pages (GET) and forms (POST), each a thin adapter from a `DashboardData` view to HTML.
struct Pages<Data: DashboardData> {
    let data: Data
    /// Pages without forms, rendered once per version of the data (portfolio, plan, gains, backtest): a warm page is a lookup.
    let rendered = RenderedPages()

    /// Rows of a year's gains on one page.
    static var rowsPerPage: Int { 100 }
    /// Lots listed on the portfolio page (the API has them all).
    static var lotsShown: Int { 200 }

    func register(on router: Router<DashboardContext>) {
        router.get("/") { request, context in try page(request, context, section: "portfolio", kept: true) { try portfolio(request, context) } }
        router.get("/harvest") { request, context in try page(request, context, section: "harvest", kept: true) { try harvest(request, context) } }
        router.get("/gains") { request, context in try page(request, context, section: "gains", kept: true) { try gains() } }
        router.get("/gains/:year") { request, context in
            try page(request, context, section: "gains", kept: true) {
                try gainsYear(try context.parameters.require("year", as: Int.self), offset: Int(query(request, "offset") ?? "") ?? 0)
            }
        }
        router.get("/gains/:year/:index") { request, context in
            try page(request, context, section: "gains") {
                try gainsRow(try context.parameters.require("year", as: Int.self), try context.parameters.require("index", as: Int.self), context)
            }
        }
        router.get("/problems") { request, context in try page(request, context, section: "problems") { try problems(context) } }
        router.get("/transfers") { request, context in try page(request, context, section: "transfers") { try transfers(context) } }
        router.get("/backtest") { request, context in try page(request, context, section: "backtest", kept: true) { try backtest() } }
        router.get("/settings") { request, context in try page(request, context, section: "settings") { try settings(context) } }

        router.post("/problems/resolve") { request, context in
            try await write(request, back: "/problems") { form in
                .markExternal(
                    reference: nil,
                    selection: ExternalSelection(
                        wallet: form["wallet"] ?? "", asset: form["asset"] ?? "", kind: form["kind"] ?? "", through: form["through"] ?? ""),
                    as: form["as"] ?? "untracked")
            }
        }
        router.post("/transfers/mark-external") { request, context in
            try await write(request, back: "/transfers") { form in .markExternal(reference: form["reference"] ?? "", selection: nil, as: form["as"] ?? "untracked") }
        }
        router.post("/transfers/match") { request, context in
            try await write(request, back: "/transfers") { form in .match(withdrawal: form["withdrawal"] ?? "", deposit: form["deposit"] ?? "") }
        }
        router.post("/transfers/unlink") { request, context in
            try await write(request, back: "/transfers") { form in .unlink(reference: form["reference"] ?? "") }
        }
        router.post("/settings/profile") { request, context in
            try await write(request, back: "/settings") { form in
                .profile(Self.profileKeys.compactMap { key in form.given(key).map { ProfileValue(key: key, value: $0) } })
            }
        }
        router.post("/tx/edit") { request, context in
            // Back to the row's page it came from (only a gains row page: nothing else is a place to go back to).
            try await write(request, back: { form in
                let back = form["back"] ?? ""
                return back.hasPrefix("/gains/") && back.utf8.allSatisfy({ $0 == UInt8(ascii: "/") || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) })
                    ? back : "/gains"
            }) { form in
                .edit(reference: form["reference"] ?? "", fields: Self.editKeys.compactMap { key in form.given(key).map { ProfileValue(key: key, value: $0) } })
            }
        }
        router.post("/settings/set") { request, context in
            try await write(request, back: "/settings") { form in .setting(key: form.given("key") ?? "", value: form.given("value") ?? "") }
        }
    }

    /// The options of `harvest tx edit` the row page's form offers.
    static var editKeys: [String] { ["timestamp", "value", "sent-quantity", "received-quantity", "fee-quantity", "note"] }

    /// The keys of `harvest profile set` the form offers.
    static var profileKeys: [String] {
        ["filing", "short-rate", "long-rate", "state-rate", "carryforward-short", "carryforward-long", "discount-rate", "horizon-years", "exit", "fee-bps",
         "slippage-bps"]
    }

    // MARK: - Plumbing

    /// A page from `body`, with the message a write left (`?message=`), or the CLI's error in the page.
    /// `kept`: the page has no form (no session token in it), so its rendering is kept for the data's version, by address.
    func page(
        _ request: Request, _ context: DashboardContext, section: String, kept: Bool = false, _ body: () throws -> (String, String)
    ) throws -> Response {
        do {
            let key = request.uri.path + "?" + ["as_of", "realize_loss", "target", "offset"].map { query(request, $0) ?? "" }.joined(separator: "&")
            let version = try data.version()
            let title: String, html: String
            if kept, let page = rendered.get(key, version: version) {
                (title, html) = page
            } else {
                (title, html) = try body()
                if kept { rendered.set(key, version: version, (title, html)) }
            }
            let message = query(request, "message").map { "<div class=\"ok\" role=\"status\">\(escape($0))</div>" } ?? ""
            return Page(title: title, section: section, body: message + html).response()
        } catch let error as DashboardError {
            let body = "<div class=\"err\" role=\"alert\">" + error.messages.map { "<p>\(escape($0))</p>" }.joined() + "</div>"
            return Page(title: section.capitalized, section: section, body: body).response(status: Responses.status(of: error))
        }
    }

    /// Applies a form's change, then back to `back` with what the command printed (post/redirect/get); an error shows
    /// on a page with the CLI's message. The CSRF check has run before this (`SessionMiddleware`).
    func write(_ request: Request, back: String, _ change: (Form) -> DashboardChange) async throws -> Response {
        try await write(request, back: { _ in back }, change)
    }

    /// A write whose page to go back to the form says (`back(form)`).
    func write(_ request: Request, back: (Form) -> String, _ change: (Form) -> DashboardChange) async throws -> Response {
        var request = request
        let form = Form(body: String(buffer: try await request.collectBody(upTo: 1 << 20)))
        let back = back(form)
        do {
            let printed = try data.apply(change(form)).trimmingCharacters(in: .whitespacesAndNewlines)
            let message = printed.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return Responses.redirect(back + "?message=" + message)
        } catch let error as DashboardError {
            let body = "<div class=\"err\" role=\"alert\">" + error.messages.map { "<p>\(escape($0))</p>" }.joined()
                + "</div><p><a href=\"\(back)\">Back</a></p>"
            let section = back.dropFirst().prefix { $0 != "/" }
            return Page(title: "Not changed", section: String(section), body: body).response(status: Responses.status(of: error))
        }
    }

    func query(_ request: Request, _ name: String) -> String? {
        guard let value = request.uri.queryParameters[name[...]], !value.isEmpty else { return nil }
        return String(value)
    }

    func hidden(_ context: DashboardContext) -> String { "<input type=\"hidden\" name=\"csrf\" value=\"\(context.csrfToken)\">" }

    // MARK: - Portfolio

    func portfolio(_ request: Request, _ context: DashboardContext) throws -> (String, String) {
        let view = try data.portfolio(asOf: query(request, "as_of"))
        let rows = view.rows
        var value = Money.zero, basis = Money.zero, unrealized = Money.zero
        var byAsset: [Asset: (quantity: Quantity, value: Money, basis: Money, unrealized: Money)] = [:]
        var byWallet: [String: (value: Money, basis: Money, unrealized: Money, lots: Int)] = [:]
        for row in rows {
            value += row.value ?? .zero
            basis += row.lot.costBasis
            unrealized += row.unrealized ?? .zero
            var asset = byAsset[row.lot.asset] ?? (.zero, .zero, .zero, .zero)
            asset.quantity += row.lot.quantity
            asset.value += row.value ?? .zero
            asset.basis += row.lot.costBasis
            asset.unrealized += row.unrealized ?? .zero
            byAsset[row.lot.asset] = asset
            var wallet = byWallet[row.lot.wallet.name] ?? (.zero, .zero, .zero, 0)
            wallet.value += row.value ?? .zero
            wallet.basis += row.lot.costBasis
            wallet.unrealized += row.unrealized ?? .zero
            wallet.lots += 1
            byWallet[row.lot.wallet.name] = wallet
        }
        let base = view.base.symbol
        var html = """
            <form class="inline" method="get" action="/"><label>As of<input type="date" name="as_of" value="\(view.asOf)"></label><button>Show</button></form>
            <div class="cards">\(card("Value (\(base))", money(value)))\(card("Cost basis", money(basis)))\(card("Unrealized gain", money(unrealized)))\(card("Open lots", "\(rows.count)"))\(card("As of", "\(view.asOf)"))</div>
            """
        html += view.warnings.map { "<div class=\"warn\">\(escape($0))</div>" }.joined()
        let assets = byAsset.sorted { ($0.value.value, $1.key.symbol) > ($1.value.value, $0.key.symbol) }
        // The chart: the total and the largest assets now (at most six lines besides the total).
        let charted = Set(assets.prefix(6).map(\.key))
        var series = charted.sorted().map { asset in
            ValueChart.Series(name: asset.symbol, points: view.history.map { ($0.date, $0.byAsset[asset] ?? .zero) })
        }
        series.append(ValueChart.Series(name: "total", points: view.history.map { point in (point.date, point.byAsset.values.reduce(Money.zero, +)) }))
        html += "<h2>Value over time</h2>" + ValueChart.render(series, title: "Value held at each month end, in \(base)")
        html += "<h2>By asset</h2>" + table(
            ["asset", "quantity", "value", "cost basis", "unrealized", "share"], numeric: [1, 2, 3, 4, 5],
            rows: assets.map { asset, totals in
                [escape(asset.symbol), totals.quantity.description, money(totals.value), money(totals.basis), moneyCell(totals.unrealized),
                 value.isPositive ? Self.percent(totals.value, of: value) : "–"]
            })
        html += "<h2>By wallet</h2>" + table(
            ["wallet", "lots", "value", "cost basis", "unrealized"], numeric: [1, 2, 3, 4],
            rows: byWallet.sorted { ($0.value.value, $1.key) > ($1.value.value, $0.key) }.map { wallet, totals in
                [escape(wallet), "\(totals.lots)", money(totals.value), money(totals.basis), moneyCell(totals.unrealized)]
            })
        let turning = rows.filter { $0.term == .short && $0.longTermFrom > view.asOf }.sorted { ($0.longTermFrom, $0.lot.asset) < ($1.longTermFrom, $1.lot.asset) }
        html += "<h2>Turning long-term</h2>"
        html += turning.isEmpty ? "<p class=\"muted\">No short-term lot: every lot held is long-term already.</p>"
            : table(["long-term from", "days left", "asset", "wallet", "acquired", "quantity", "unrealized"], numeric: [1, 5, 6],
                    rows: turning.prefix(50).map { row in
                        ["\(row.longTermFrom)", "\(view.asOf.days(to: row.longTermFrom))", escape(row.lot.asset.symbol), escape(row.lot.wallet.name),
                         "\(row.lot.dateAcquired)", row.lot.quantity.description, moneyCell(row.unrealized)]
                    }) + (turning.count > 50 ? "<p class=\"muted\">\(turning.count - 50) more short-term lots turn long-term later.</p>" : "")
        let shown = rows.sorted { ($0.value ?? .zero, $1.lot.dateAcquired) > ($1.value ?? .zero, $0.lot.dateAcquired) }.prefix(Self.lotsShown)
        html += "<h2>Lots</h2>" + table(
            ["asset", "wallet", "acquired", "quantity", "cost basis", "price", "value", "unrealized", "term", "long-term from"], numeric: [3, 4, 5, 6, 7],
            rows: shown.map { row in
                [escape(row.lot.asset.symbol) + (row.lot.missingBasis ? " <span class=\"warn\" title=\"zero basis assumed\">missing basis</span>" : ""),
                 escape(row.lot.wallet.name), "\(row.lot.dateAcquired)", row.lot.quantity.description, money(row.lot.costBasis),
                 row.price.map { "\($0.price)" + ($0.date < view.asOf ? " <span class=\"muted\">(\($0.date))</span>" : "") } ?? "–",
                 money(row.value), moneyCell(row.unrealized), row.term.rawValue, "\(row.longTermFrom)"]
            })
        if rows.count > Self.lotsShown {
            html += "<p class=\"muted\">The \(Self.lotsShown) largest of \(rows.count) lots; every lot: <a href=\"/api/v1/holdings\">/api/v1/holdings</a> or `harvest holdings`.</p>"
        }
        return ("Portfolio", html)
    }

    /// `part / whole` as a percentage with one decimal (a display figure only).
    static func percent(_ part: Money, of whole: Money) -> String {
        let share = part.fixed.statistic(fractionDigits: 2) / whole.fixed.statistic(fractionDigits: 2) * 100
        return String(format: "%.1f%%", share)
    }

    // MARK: - Harvest

    func harvest(_ request: Request, _ context: DashboardContext) throws -> (String, String) {
        let query = PlanQuery(asOf: self.query(request, "as_of"), realizeLoss: self.query(request, "realize_loss"), target: self.query(request, "target"))
        let view = try data.plan(query)
        let plan = view.plan
        var html = """
            <form class="inline" method="get" action="/harvest"><label>As of<input type="date" name="as_of" value="\(plan.asOf)"></label>
            <label>Realize exactly this loss<input name="realize_loss" inputmode="decimal" placeholder="e.g. 3000" value="\(escape(query.realizeLoss ?? ""))"></label>
            <label>Target weights<input name="target" placeholder="BTC=0.6,ETH=0.4" value="\(escape(query.target ?? ""))"></label><button>What if</button></form>
            """
        html += view.context.map { "<p>\(escape($0))</p>" }.joined()
        let trades = plan.trades
        html += "<div class=\"cards\">\(card("Loss realized", money(plan.lossRealized)))\(card("Tax saved now", money(plan.taxSavedNow)))"
            + "\(card("Deferred tax", money(plan.deferredTax + plan.restartCost)))\(card("Costs", money(plan.tradingCosts)))"
            + "\(card("Net benefit", money(plan.netBenefit)))</div>"
        html += "<h2>Trades</h2>"
        html += trades.isEmpty ? "<p>No trades: no loss is worth harvesting on \(plan.asOf).</p>"
            : table(["sell", "asset", "wallet", "acquired", "term", "loss", "saves now", "deferred", "costs", "net"], numeric: [0, 5, 6, 7, 8, 9],
                    rows: trades.map { trade in
                        [trade.quantityToSell.description, escape(trade.lot.asset.symbol), escape(trade.lot.wallet.name), "\(trade.lot.dateAcquired)",
                         trade.term.rawValue, moneyCell(trade.loss), money(trade.taxSavedNow), money(trade.deferredTax + trade.restartCost),
                         money(trade.tradingCosts), moneyCell(trade.netBenefit)]
                    })
        if !plan.doNotBuyBefore.isEmpty {
            html += "<h2>Do not buy back before</h2>" + table(
                ["asset", "not before", "replacement", "correlation"], numeric: [3],
                rows: plan.doNotBuyBefore.sorted { $0.key < $1.key }.map { asset, date in
                    let replacement = plan.replacements[asset]
                    return [escape(asset.symbol) + " (or anything substantially identical)", "\(date)",
                            replacement.map { escape($0.asset.symbol) } ?? "<span class=\"muted\">none correlated in the price store</span>",
                            replacement.map { "\(PlanReport.correlation($0.correlation)) over \($0.days) days" } ?? "–"]
                })
        }
        if !plan.rebalance.isEmpty {
            html += "<h2>Rebalance</h2><ul>" + plan.rebalance.map { "<li>\(escape($0.explanation))</li>" }.joined() + "</ul>"
        }
        html += "<h2>Why, lot by lot</h2>" + table(
            ["decision", "why"],
            rows: plan.candidates.map { [PlanReport.decision($0), "<td class=\"wrap\">\(escape($0.explanation))</td>"] })
        let warnings = plan.warnings + view.warnings
        if !warnings.isEmpty { html += "<h2>Warnings</h2>" + warnings.map { "<div class=\"warn\">\(escape($0))</div>" }.joined() }
        return ("Harvest plan for \(plan.asOf)", html)
    }

    // MARK: - Gains

    func gains() throws -> (String, String) {
        let view = try data.gains()
        guard !view.summaries.isEmpty else { return ("Gains", "<p>No disposals yet: nothing realized.</p>") }
        let html = "<p>\(escape(view.jurisdiction)) rules; amounts in \(view.base.symbol). Open a year for its rows, and a row for its source.</p>" + table(
            ["year", "rows", "proceeds", "cost basis", "short-term net", "long-term net", "net", "carried out", "taxable"],
            numeric: [1, 2, 3, 4, 5, 6, 7, 8],
            rows: view.summaries.map { summary in
                let gains = summary.gains
                return ["<a href=\"/gains/\(summary.year)\">\(summary.year)</a>", "\(view.rowCounts[summary.year] ?? 0)", money(summary.proceeds),
                        money(summary.costBasis), moneyCell(gains.netShortTerm), moneyCell(gains.netLongTerm), moneyCell(gains.net),
                        money(summary.carryforwardOut.total), money(summary.taxableGain)]
            })
        return ("Gains", html)
    }

    func gainsYear(_ year: Int, offset: Int) throws -> (String, String) {
        let view = try data.gainsYear(year, offset: max(0, offset), limit: Self.rowsPerPage)
        var html = "<p><a href=\"/gains\">All years</a></p>"
        if let summary = view.summary {
            let gains = summary.gains
            html += "<div class=\"cards\">\(card("Proceeds", money(summary.proceeds)))\(card("Cost basis", money(summary.costBasis)))"
                + "\(card("Short-term gains", money(gains.shortTermGains)))\(card("Short-term losses", money(gains.shortTermLosses)))"
                + "\(card("Long-term gains", money(gains.longTermGains)))\(card("Long-term losses", money(gains.longTermLosses)))"
                + "\(card("Net", money(gains.net)))\(card("Carried in", money(summary.carryforwardIn.total)))"
                + "\(card("Carried out", money(summary.carryforwardOut.total)))\(card("Taxable", money(summary.taxableGain)))</div>"
        }
        html += table(
            ["#", "asset", "wallet", "quantity", "acquired", "disposed", "proceeds", "cost basis", "adjustment", "gain", "term", "source"],
            numeric: [0, 3, 6, 7, 8, 9],
            rows: view.rows.enumerated().map { position, disposal in
                let index = view.offset + position
                return ["\(index + 1)", escape(disposal.asset.symbol), escape(disposal.wallet.name), disposal.quantity.description, "\(disposal.dateAcquired)",
                        "\(disposal.dateDisposed)", money(disposal.proceeds), money(disposal.costBasis), money(disposal.adjustment), moneyCell(disposal.gain),
                        disposal.term.rawValue, "<a href=\"/gains/\(year)/\(index)\">row \(index + 1)</a>"]
            })
        var pager: [String] = []
        if view.offset > 0 { pager.append("<a href=\"/gains/\(year)?offset=\(max(0, view.offset - Self.rowsPerPage))\">previous</a>") }
        if view.offset + view.rows.count < view.total { pager.append("<a href=\"/gains/\(year)?offset=\(view.offset + Self.rowsPerPage)\">next</a>") }
        html += "<p>Rows \(view.total == 0 ? 0 : view.offset + 1)–\(view.offset + view.rows.count) of \(view.total). \(pager.joined(separator: " · "))</p>"
        return ("Gains \(year)", html)
    }

    func gainsRow(_ year: Int, _ index: Int, _ context: DashboardContext) throws -> (String, String) {
        let view = try data.gainsRow(year: year, index: index)
        let disposal = view.disposal
        var html = "<p><a href=\"/gains\">All years</a> › <a href=\"/gains/\(year)?offset=\(index / Self.rowsPerPage * Self.rowsPerPage)\">\(year)</a> › row \(index + 1)</p>"
        html += table(
            ["asset", "wallet", "quantity", "acquired", "disposed", "proceeds", "cost basis", "adjustment", "gain", "term"], numeric: [2, 5, 6, 7, 8],
            rows: [[escape(disposal.asset.symbol), escape(disposal.wallet.name), disposal.quantity.description, "\(disposal.dateAcquired)",
                    "\(disposal.dateDisposed)", money(disposal.proceeds), money(disposal.costBasis), money(disposal.adjustment), moneyCell(disposal.gain),
                    disposal.term.rawValue]])
        html += "<h2>Disposed by</h2><p>Source: <code>\(escape(view.disposalSource?.description ?? "entered by hand"))</code></p><pre>\(escape(view.disposalTransaction))</pre>"
        html += editForm(reference: disposal.wallet.name + "/" + disposal.disposalTransactionID, back: "/gains/\(year)/\(index)", context)
        html += "<h2>From the lot acquired by</h2>"
        if let lot = view.lotTransaction {
            html += "<p>Source: <code>\(escape(view.lotSource?.description ?? "entered by hand"))</code></p><pre>\(escape(lot))</pre>"
            html += editForm(reference: disposal.wallet.name + "/" + disposal.lotTransactionID, back: "/gains/\(year)/\(index)", context)
        } else {
            html += "<p class=\"muted\">A pooled holding: the basis is the pool's average, not one acquisition's.</p>"
        }
        return ("Gains \(year), row \(index + 1)", html)
    }

    /// A form that corrects a transaction (`harvest tx edit`): the fields left empty are not changed.
    func editForm(reference: String, back: String, _ context: DashboardContext) -> String {
        let labels = [("timestamp", "Time (YYYY-MM-DD or ISO 8601)"), ("value", "Fair value"), ("sent-quantity", "Quantity sent"),
                      ("received-quantity", "Quantity received"), ("fee-quantity", "Fee quantity"), ("note", "Note (why)")]
        return "<details><summary>Correct this transaction (<code>harvest tx edit \(escape(reference))</code>)</summary>"
            + "<form class=\"inline\" method=\"post\" action=\"/tx/edit\">\(hidden(context))"
            + "<input type=\"hidden\" name=\"reference\" value=\"\(escape(reference))\"><input type=\"hidden\" name=\"back\" value=\"\(escape(back))\">"
            + labels.map { "<label>\($0.1)<input name=\"\($0.0)\"></label>" }.joined() + "<button>Save the edit</button></form></details>"
    }

    // MARK: - Problems

    func problems(_ context: DashboardContext) throws -> (String, String) {
        let view = try data.problems()
        guard !view.items.isEmpty else { return ("Problems", "<div class=\"ok\">No problems: every report is complete.</div>") }
        var html = "<p>\(view.items.count) problem(s), ranked by how much gain or loss depends on each. Effects in \(view.base.symbol).</p><ol class=\"problems\">"
        for item in view.items {
            let problem = item.problem
            html += "<li><h2>\(escape(item.title)): \(escape(problem.asset.symbol))\(problem.wallet.map { " in " + escape($0.name) } ?? "")</h2>"
            html += "<p>\(escape(item.explanation))</p>"
            html += "<p class=\"muted\">Rows: \(problem.transactions.count), \(problem.first) to \(problem.last); effect \(problem.effect.map(money) ?? "unknown")"
                + (problem.kind.blocksReports ? "; <strong>stops every report</strong>" : "") + "</p>"
            if let selection = item.selection {
                html += """
                    <form class="inline" method="post" action="/problems/resolve">\(hidden(context))
                    <input type="hidden" name="wallet" value="\(escape(selection.wallet))"><input type="hidden" name="asset" value="\(escape(selection.asset))">
                    <input type="hidden" name="kind" value="\(escape(selection.kind))"><input type="hidden" name="through" value="\(escape(selection.through))">
                    <label>These \(selection.kind)s were<select name="as">\(item.externalKinds.map { "<option>\(escape($0))</option>" }.joined())</select></label>
                    <button>Resolve</button></form>
                    """
            }
            html += "<p>Or from a terminal:</p><pre>\(item.commands.map(escape).joined(separator: "\n"))</pre></li>"
        }
        return ("Problems", html + "</ol>")
    }

    // MARK: - Transfers

    func transfers(_ context: DashboardContext) throws -> (String, String) {
        let view = try data.transfers()
        var html = "<div class=\"cards\">\(card("Matched", "\(view.matched.count)"))\(card("Unmatched", "\(view.unmatched.count)"))\(card("Your decisions", "\(view.decisions.count)"))</div>"
        html += view.stale.map { "<div class=\"warn\">transfer decision ignored: \(escape($0))</div>" }.joined()
        html += "<h2>Unmatched</h2>"
        html += view.unmatched.isEmpty ? "<p>Every deposit and withdrawal is matched or decided.</p>" : table(
            ["status", "date", "reference", "asset", "quantity", "say what it was"], numeric: [4],
            rows: view.unmatched.prefix(200).map { line in
                let reference = line.reference ?? ""
                let withdrawal = line.status.hasSuffix("withdrawal")
                var forms = """
                    <form class="inline" method="post" action="/transfers/mark-external">\(hidden(context))<input type="hidden" name="reference" value="\(escape(reference))">
                    <select name="as" aria-label="what it was">\(line.externalKinds.map { "<option>\(escape($0))</option>" }.joined())</select><button>Mark</button></form>
                    """
                forms += """
                    <form class="inline" method="post" action="/transfers/match">\(hidden(context))
                    <input type="hidden" name="\(withdrawal ? "withdrawal" : "deposit")" value="\(escape(reference))">
                    <input name="\(withdrawal ? "deposit" : "withdrawal")" placeholder="\(withdrawal ? "deposit" : "withdrawal") wallet/id" aria-label="other side"><button>Match</button></form>
                    """
                return [escape(line.status), escape(line.date), "<code>\(escape(reference))</code>", escape(line.asset), escape(withdrawal ? line.sent : line.received), forms]
            })
        if view.unmatched.count > 200 {
            html += "<p class=\"muted\">The first 200 of \(view.unmatched.count); a whole group at once: the first command of each on <a href=\"/problems\">problems</a>.</p>"
        }
        html += "<h2>Matched</h2>" + table(
            ["status", "date", "from", "to", "asset", "sent", "received"], numeric: [5, 6],
            rows: view.matched.prefix(500).map { line in
                [escape(line.status), escape(line.date), "<code>\(escape(line.from))</code>", "<code>\(escape(line.to))</code>", escape(line.asset),
                 escape(line.sent), escape(line.received)]
            })
        if view.matched.count > 500 { html += "<p class=\"muted\">The first 500 of \(view.matched.count); all: `harvest transfers --format csv`.</p>" }
        html += "<h2>Your decisions</h2>"
        html += view.decisions.isEmpty ? "<p class=\"muted\">None stored.</p>" : table(
            ["transaction", "decision", "made", ""],
            rows: view.decisions.map { decision in
                ["<code>\(escape(decision.reference))</code>", escape(decision.says), escape(decision.createdAt),
                 "<form method=\"post\" action=\"/transfers/unlink\">\(hidden(context))<input type=\"hidden\" name=\"reference\" value=\"\(escape(decision.reference))\"><button>Forget</button></form>"]
            })
        return ("Transfers", html)
    }

    // MARK: - Backtest, settings

    func backtest() throws -> (String, String) {
        let view = try data.backtest()
        var html = "<p>\(escape(view.note))</p>"
        if let svg = view.svg { html += svg }
        if !view.summary.isEmpty { html += "<pre>\(view.summary.map(escape).joined(separator: "\n"))</pre>" }
        return ("Backtest", html)
    }

    func settings(_ context: DashboardContext) throws -> (String, String) {
        let view = try data.settings()
        let profile = Dictionary(view.profile.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        var html = "<h2>Tax profile</h2><p>What the plan is valued with (`harvest profile`). Change a value and save: the plan follows.</p>"
        html += "<form class=\"inline\" method=\"post\" action=\"/settings/profile\">\(hidden(context))"
        for key in Self.profileKeys {
            html += "<label>\(key)<input name=\"\(key)\" value=\"\(escape(profile[key] ?? ""))\" size=\"10\"></label>"
        }
        html += "<button>Save profile</button></form>"
        html += "<h2>Settings</h2><form class=\"inline\" method=\"post\" action=\"/settings/set\">\(hidden(context))"
            + "<label>Key<input name=\"key\" list=\"keys\" placeholder=\"method.2024\"></label><label>Value<input name=\"value\"></label><button>Set</button></form>"
            + "<datalist id=\"keys\">\(view.keys.map { "<option value=\"\(escape($0.key))\">" }.joined())</datalist>"
        html += view.stored.isEmpty ? "<p class=\"muted\">No settings stored: the defaults apply.</p>"
            : table(["key", "value"], rows: view.stored.map { [escape($0.key), escape($0.value)] })
        html += "<h2>Keys</h2>" + table(["key", "what it sets"], rows: view.keys.map { ["<code>\(escape($0.key))</code>", escape($0.value)] })
        return ("Settings and profile", html)
    }
}

/// Rendered pages by address, for one version of the data; a new version drops them all. At most `entriesMax` are kept.
final class RenderedPages: @unchecked Sendable {
    private let lock = NSLock()
    private var version = -1
    private var pages: [String: (String, String)] = [:]
    static let entriesMax = 64

    func get(_ key: String, version: Int) -> (String, String)? {
        lock.withLock { self.version == version ? pages[key] : nil }
    }

    func set(_ key: String, version: Int, _ page: (String, String)) {
        lock.withLock {
            if self.version != version || pages.count >= Self.entriesMax {
                pages.removeAll()
                self.version = version
            }
            pages[key] = page
        }
    }
}
