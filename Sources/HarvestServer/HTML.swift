import HarvestCore
import HarvestReports
import Hummingbird

/// A server-rendered page: HTML with inline CSS, no script and no external asset (nothing leaves the machine).
struct Page {
    var title: String
    /// The navigation entry to mark as current.
    var section: String
    var body: String

    /// The page in the dashboard's frame, with the session's CSRF token ready for its forms.
    func response(status: HTTPResponse.Status = .ok) -> Response {
        let links = Page.sections.map { path, name in
            "<a href=\"\(path)\"\(name == section ? " aria-current=\"page\"" : "")>\(name)</a>"
        }.joined()
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · Harvest</title><style>\(Page.css)</style></head>
            <body><header><strong>Harvest</strong><nav>\(links)</nav></header><main><h1>\(escape(title))</h1>
            \(body)
            </main><footer>Local dashboard: this page was computed on this machine from your database; nothing was sent anywhere.</footer></body></html>
            """
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static let sections: [(String, String)] = [
        ("/", "portfolio"), ("/harvest", "harvest"), ("/gains", "gains"), ("/problems", "problems"), ("/transfers", "transfers"),
        ("/backtest", "backtest"), ("/settings", "settings"),
    ]

    /// Readable on a laptop and a phone: one column, tables scroll sideways inside their box, forms stack on narrow screens.
    static let css = """
        *{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#f6f7f9}
        header{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:center;padding:.6rem 1rem;background:#16324f;color:#fff}
        header nav{display:flex;flex-wrap:wrap;gap:.2rem .8rem}header a{color:#cfe3ff;text-decoration:none}
        header a[aria-current]{color:#fff;font-weight:600;border-bottom:2px solid #fff}
        main{max-width:1100px;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.6rem;margin-bottom:1rem}
        .card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:.6rem .8rem}.card b{display:block;font-size:1.2rem}
        .scroll{overflow-x:auto;background:#fff;border:1px solid #dde1e6;border-radius:6px;margin-bottom:1rem}
        table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{padding:.35rem .6rem;border-bottom:1px solid #eef0f3;text-align:left;white-space:nowrap}
        th{background:#f0f2f5;font-weight:600}td.wrap{white-space:normal;min-width:16rem}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        .neg{color:#b42318}.pos{color:#067647}.muted{color:#667085}.warn{background:#fff7e6;border:1px solid #f5c26b;border-radius:6px;padding:.5rem .8rem;margin:.5rem 0}
        .ok{background:#ecfdf3;border:1px solid #75e0a7;border-radius:6px;padding:.5rem .8rem;margin:.5rem 0}
        .err{background:#fef3f2;border:1px solid #fda29b;border-radius:6px;padding:.5rem .8rem;margin:.5rem 0}
        form.inline{display:flex;flex-wrap:wrap;gap:.4rem;align-items:end;margin:.4rem 0}label{display:flex;flex-direction:column;font-size:.85rem}
        input,select,button{font:inherit;padding:.3rem .5rem;border:1px solid #b9c0c9;border-radius:4px;background:#fff}
        button{background:#16324f;color:#fff;border-color:#16324f;cursor:pointer}pre,code{font:13px/1.4 ui-monospace,Menlo,Consolas,monospace}
        pre{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:.6rem;overflow-x:auto}
        ol.problems>li{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:.6rem .8rem;margin-bottom:.6rem}
        svg{max-width:100%;height:auto;background:#fff;border:1px solid #dde1e6;border-radius:6px}
        footer{max-width:1100px;margin:1rem auto;padding:0 1rem 2rem;color:#667085;font-size:.8rem}
        @media (max-width:600px){main{padding:.6rem}th,td{padding:.3rem .4rem}form.inline{flex-direction:column;align-items:stretch}}
        """
}

/// Text safe inside HTML elements and attribute values (`Markup.escaped`).
func escape(_ text: String) -> String { Markup.escaped(text) }

/// Money as the CLI's tables show it: cents, thousands grouped, rounded half away from zero (`ReportRounding`).
func money(_ value: Money?) -> String {
    guard let value else { return "–" }
    return Money.grouped(ReportRounding.text(value))
}

/// A money cell, coloured by sign.
func moneyCell(_ value: Money?) -> String {
    guard let value else { return "<td class=\"n muted\">–</td>" }
    return "<td class=\"n\(value.isNegative ? " neg" : value.isZero ? "" : " pos")\">\(money(value))</td>"
}

/// A table with headers; `numeric` are the right-aligned columns. Cells are HTML already.
func table(_ headers: [String], numeric: Set<Int> = [], rows: [[String]]) -> String {
    var html = "<div class=\"scroll\"><table><thead><tr>"
    for (index, header) in headers.enumerated() { html += "<th\(numeric.contains(index) ? " class=\"n\"" : "")>\(escape(header))</th>" }
    html += "</tr></thead><tbody>"
    for row in rows {
        html += "<tr>"
        for (index, cell) in row.enumerated() {
            html += cell.hasPrefix("<td") ? cell : "<td\(numeric.contains(index) ? " class=\"n\"" : "")>\(cell)</td>"
        }
        html += "</tr>"
    }
    return html + "</tbody></table></div>"
}

/// A summary card: a label and a figure.
func card(_ label: String, _ value: String) -> String { "<div class=\"card\"><span class=\"muted\">\(escape(label))</span><b>\(value)</b></div>" }
