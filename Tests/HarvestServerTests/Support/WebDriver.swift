import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#endif

/// A headless Chromium driven through chromedriver (W3C WebDriver over HTTP on 127.0.0.1): open pages, click, type,
/// read the DOM, take screenshots. Nil when chromium or chromedriver is not installed (the tests then say so and skip).
final class Browser: @unchecked Sendable {
    private let driver: pid_t
    private let endpoint: String
    private let session: String

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool { chromium != nil && chromedriver != nil }

    struct Failure: Error, CustomStringConvertible { var description: String }

    private init(driver: pid_t, endpoint: String, session: String) {
        self.driver = driver
        self.endpoint = endpoint
        self.session = session
    }

    /// Starts chromedriver on a free port and a headless session of `width`×`height`.
    static func start(width: Int = 1280, height: Int = 900) async throws -> Browser {
        guard let chromium, let chromedriver else { throw Failure(description: "chromium or chromedriver is not installed") }
        let port = 20_000 + Int.random(in: 0..<20_000)
        let driver = try spawn(chromedriver, ["--port=\(port)", "--allowed-ips=127.0.0.1"])
        let endpoint = "http://127.0.0.1:\(port)"
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": ["browserName": "chrome", "goog:chromeOptions": [
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=\(width),\(height)",
                     "--no-first-run", "--disable-extensions", "--disable-background-networking"],
        ]]]]
        var lastError = ""
        // chromedriver listens within a second or two; a session then starts Chromium (a few seconds on a loaded machine).
        for _ in 0..<50 {
            do {
                let reply = try await call(endpoint + "/session", method: "POST", body: capabilities)
                if let value = reply["value"] as? [String: Any], let session = value["sessionId"] as? String {
                    // An element looked for right after a click may be on the page still loading: wait up to 20 s for it.
                    _ = try? await call(endpoint + "/session/\(session)/timeouts", method: "POST", body: ["implicit": 20_000])
                    return Browser(driver: driver, endpoint: endpoint, session: session)
                }
                lastError = "\(reply)"
            } catch {
                lastError = "\(error)"
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        await stop(driver, endpoint: endpoint)
        throw Failure(description: "chromedriver did not start a session: \(lastError)")
    }

    /// Ends the session (Chromium closes), then chromedriver through its `/shutdown` endpoint; killed if still running
    /// after five seconds, so a test never waits on it for longer.
    func quit() async {
        _ = try? await Self.call(endpoint + "/session/\(session)", method: "DELETE", body: nil)
        await Self.stop(driver, endpoint: endpoint)
    }

    /// chromedriver is started with posix_spawn and reaped with waitpid here, not through Foundation's `Process`:
    /// its `waitUntilExit` was seen to miss a child's exit and spin for good, which would hang the test run.
    private static func spawn(_ path: String, _ arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard status == 0 else { throw Failure(description: "\(path) did not start: \(String(cString: strerror(status)))") }
        return pid
    }

    private static func stop(_ driver: pid_t, endpoint: String) async {
        _ = try? await call(endpoint + "/shutdown", method: "GET", body: nil, timeout: .seconds(5))
        var status: Int32 = 0
        for _ in 0..<50 {
            if waitpid(driver, &status, WNOHANG) != 0 { return }
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
        kill(driver, SIGKILL)
        _ = waitpid(driver, &status, 0)
    }

    func open(_ url: String) async throws { _ = try await command("url", body: ["url": url]) }

    func resize(width: Int, height: Int) async throws { _ = try await command("window/rect", body: ["width": width, "height": height]) }

    /// The page's DOM as HTML.
    func source() async throws -> String { try await command("source", method: "GET")["value"] as? String ?? "" }

    /// The page's DOM once it contains `text` (asked every 100 ms for up to `seconds`), else as it is then: a click on a
    /// form's button can return before the POST, its redirect and the next page are done on a loaded machine.
    func source(containing text: String, within seconds: Int = 30) async throws -> String {
        var page = try await source()
        for _ in 0..<(seconds * 10) where !page.contains(text) {
            try await Task.sleep(nanoseconds: 100_000_000)
            page = try await source()
        }
        return page
    }

    func currentURL() async throws -> String { try await command("url", method: "GET")["value"] as? String ?? "" }

    /// The first element `css` selects.
    func element(_ css: String) async throws -> String {
        let reply = try await command("element", body: ["using": "css selector", "value": css])
        guard let value = reply["value"] as? [String: Any], let id = value.first(where: { $0.key.hasPrefix("element-") })?.value as? String else {
            throw Failure(description: "no element \(css): \(reply)")
        }
        return id
    }

    func click(_ css: String) async throws { _ = try await command("element/\(try await element(css))/click", body: [:]) }

    /// Replaces the text of the field `css` selects.
    func type(_ css: String, _ text: String) async throws {
        let id = try await element(css)
        _ = try await command("element/\(id)/clear", body: [:])
        _ = try await command("element/\(id)/value", body: ["text": text])
    }

    /// A PNG of the window, written to `path`.
    func screenshot(_ path: String) async throws {
        guard let base64 = try await command("screenshot", method: "GET")["value"] as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "no screenshot")
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    private func command(_ path: String, method: String = "POST", body: [String: Any]? = nil) async throws -> [String: Any] {
        let reply = try await Self.call(endpoint + "/session/\(session)/\(path)", method: method, body: method == "POST" ? body ?? [:] : nil)
        if let value = reply["value"] as? [String: Any], let error = value["error"] as? String {
            throw Failure(description: "\(path): \(error): \(value["message"] ?? "")")
        }
        return reply
    }

    /// One WebDriver call, through AsyncHTTPClient (FoundationNetworking's URLSession fails on chromedriver's replies
    /// here: "Failed writing header").
    private static func call(_ url: String, method: String, body: [String: Any]?, timeout: Duration = .seconds(60)) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Content-Type", value: "application/json")
        if let body { request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeout.components.seconds))
        let data = try await response.body.collect(upTo: 64 << 20)
        return try JSONSerialization.jsonObject(with: Data(data.readableBytesView)) as? [String: Any] ?? [:]
    }
}
