import Foundation
import HarvestCore
import HarvestReports
import Hummingbird
import Logging
import NIOCore

/// Where the dashboard listens and who may ask it.
public struct DashboardConfiguration: Sendable {
    /// 127.0.0.1 by default: only this machine can reach the dashboard.
    public var host: String
    /// 0 asks the system for a free port (tests).
    public var port: Int
    /// Required of every request when set; `harvest serve` sets one whenever the host is beyond loopback.
    public var token: String?

    /// The dashboard's default port, stated in the README.
    public static let defaultPort = 8467

    public init(host: String = "127.0.0.1", port: Int = DashboardConfiguration.defaultPort, token: String? = nil) {
        self.host = host
        self.port = port
        self.token = token
    }

    /// Whether `host` reaches only this machine: 127.0.0.0/8, ::1 or localhost.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// A new token: 128 random bits as 32 hex digits, from the system's generator.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let word = generator.next() as UInt64
            let text = String(word, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }
}

/// The request context: Hummingbird's core storage and the session's CSRF token, set by `SessionMiddleware`.
public struct DashboardContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The session's CSRF token, for the hidden field of every form on the page.
    var csrfToken = ""

    public init(source: Source) { coreContext = .init(source: source) }
}

/// `harvest serve`: the dashboard's pages and JSON API, on Hummingbird.
public enum DashboardServer {
    /// The router: access check (token, host header), session (CSRF cookie), pages, forms, API.
    public static func buildRouter(data: some DashboardData, configuration: DashboardConfiguration) -> Router<DashboardContext> {
        let router = Router(context: DashboardContext.self)
        router.add(middleware: AccessMiddleware(token: configuration.token, loopbackOnly: DashboardConfiguration.isLoopback(configuration.host)))
        router.add(middleware: SessionMiddleware())
        Pages(data: data).register(on: router)
        API(data: data).register(on: router)
        return router
    }

    /// The application, listening on `configuration.host:port`; `running` is called with the bound port once it listens.
    public static func buildApplication(
        data: some DashboardData, configuration: DashboardConfiguration, logger: Logger? = nil,
        running: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var quiet = Logger(label: "harvest.serve")
        quiet.logLevel = .warning
        return Application(
            router: buildRouter(data: data, configuration: configuration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "harvest"),
            onServerRunning: { channel in await running(channel.localAddress?.port ?? configuration.port) },
            logger: logger ?? quiet)
    }

    /// Serves until SIGINT or SIGTERM.
    public static func run(data: some DashboardData, configuration: DashboardConfiguration, running: @escaping @Sendable (Int) async -> Void) async throws {
        try await buildApplication(data: data, configuration: configuration, running: running).runService()
    }
}

// MARK: - Access

/// Refuses every request without the token (401) when one is set: as `Authorization: Bearer T`, the `harvest_token`
/// cookie, or `?token=T` once (which sets the cookie and redirects to the same page without it, so the token leaves the
/// address bar). Bound to loopback, it also refuses a Host header that is not a loopback name (403): a web page cannot
/// reach the dashboard by pointing its own domain at 127.0.0.1 (DNS rebinding).
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?
    let loopbackOnly: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if loopbackOnly, let host = request.head.authority {
            let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }.dropFirst()) : String(host.split(separator: ":").first ?? "")
            guard DashboardConfiguration.isLoopback(name) else {
                return Responses.error(.forbidden, ["error: the dashboard answers only to localhost and 127.0.0.1, not \(host)"], json: true)
            }
        }
        guard let token else { return try await next(request, context) }
        if let header = request.headers[.authorization], header.hasPrefix("Bearer "), Self.same(String(header.dropFirst(7)), token) {
            return try await next(request, context)
        }
        if let cookie = request.cookies["harvest_token"], Self.same(cookie.value, token) { return try await next(request, context) }
        if let given = request.uri.queryParameters["token"], Self.same(String(given), token) {
            var response = Response(status: .seeOther, headers: [.location: request.uri.path])
            response.setCookie(Cookie(name: "harvest_token", value: token, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        let api = request.uri.path.hasPrefix("/api/")
        var response = Responses.error(
            .unauthorized, ["error: this dashboard needs its access token: open the address `harvest serve` printed (…?token=T), or send Authorization: Bearer T"],
            json: api)
        response.headers[.wwwAuthenticate] = "Bearer"
        return response
    }

    /// Compares without stopping at the first difference, so the time taken says nothing about the token.
    static func same(_ given: String, _ expected: String) -> Bool {
        let left = Array(given.utf8), right = Array(expected.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

/// The CSRF defence: each browser session gets a random token in a `SameSite=Strict` cookie, every form carries it in a
/// hidden field, and a POST whose field does not equal its cookie is refused (403) before any handler runs.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = DashboardContext
    static let cookie = "harvest_csrf"

    func handle(_ request: Request, context: DashboardContext, next: (Request, DashboardContext) async throws -> Response) async throws -> Response {
        var context = context
        let existing = request.cookies[Self.cookie]?.value
        let token = existing.flatMap { $0.count == 32 && $0.allSatisfy(\.isHexDigit) ? $0 : nil } ?? DashboardConfiguration.newToken()
        context.csrfToken = token
        var request = request
        if request.method == .post {
            let body = try await request.collectBody(upTo: 1 << 20)
            let form = Form(body: String(buffer: body))
            guard let existing, let field = form["csrf"], AccessMiddleware<DashboardContext>.same(field, existing) else {
                return Responses.error(.forbidden, ["error: the form is out of date or came from another site (CSRF check failed): reload the page and try again"], json: false)
            }
        }
        var response = try await next(request, context)
        if existing != token {
            response.setCookie(Cookie(name: Self.cookie, value: token, path: "/", httpOnly: true, sameSite: .strict))
        }
        return response
    }
}

/// An `application/x-www-form-urlencoded` body or query: `+` is a space, `%XX` a byte; the last value of a name wins.
struct Form {
    var values: [String: String] = [:]

    init(body: String) {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first.map({ Self.decode($0) }) else { continue }
            values[name] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    /// The value of `name`, or nil when it is absent or blank.
    func given(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    static func decode(_ text: Substring) -> String {
        (text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding) ?? String(text)
    }
}

enum Responses {
    /// An error with the CLI's messages: JSON `{"error":{"message","messages","status"}}` for the API, a page otherwise.
    static func error(_ status: HTTPResponse.Status, _ messages: [String], json: Bool) -> Response {
        if json {
            return self.json(errorJSON(status, messages), status: status)
        }
        let body = "<div class=\"err\">" + messages.map { "<p>\(escape($0))</p>" }.joined() + "</div>"
        return Page(title: "\(status.code) \(status.reasonPhrase)", section: "", body: body).response(status: status)
    }

    static func errorJSON(_ status: HTTPResponse.Status, _ messages: [String]) -> String {
        "{\"error\":{\"status\":\(status.code),\"message\":\(JSON.string(messages.joined(separator: "\n"))),\"messages\":["
            + messages.map(JSON.string).joined(separator: ",") + "]}}\n"
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func status(of error: DashboardError) -> HTTPResponse.Status {
        switch error.kind {
        case .usage: .badRequest
        case .data: .unprocessableContent
        case .notFound: .notFound
        case .other: .internalServerError
        }
    }

    static func redirect(_ location: String) -> Response { Response(status: .seeOther, headers: [.location: location]) }
}

