import HarvestCore

/// One HTTP response: status, headers (names as sent), body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header of that name, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// How the fetcher reaches the network: `AsyncHTTPTransport` for real, a test's local server otherwise.
public protocol HTTPTransport: Sendable {
    /// GETs `url`; throws when no response came (connection refused, timeout).
    func get(_ url: String) async throws -> HTTPResponse
}

/// How hard to try: attempts per request and the waits between them.
public struct RetryPolicy: Sendable {
    /// Tries per request, the first included.
    public var attempts: Int
    /// The first wait after a failure; each later one doubles it.
    public var backoff: Duration
    /// The longest wait: a server asking for more (Retry-After) fails the fetch with its message instead.
    public var longestWait: Duration

    public init(attempts: Int = 5, backoff: Duration = .seconds(2), longestWait: Duration = .seconds(120)) {
        self.attempts = attempts
        self.backoff = backoff
        self.longestWait = longestWait
    }
}

/// Fetches daily prices from one provider: its requests one after another, the provider's rate limit kept between them,
/// a request retried after a 429 (waiting what Retry-After says), a 5xx or a network failure (waiting 2, 4, 8, … s),
/// and given up with a message naming the provider, the asset and the URL after the last attempt or at any other error.
public struct PriceFetcher: Sendable {
    public var provider: any PriceProvider
    public var transport: any HTTPTransport
    public var retry: RetryPolicy
    /// Waits (`Task.sleep` for real; tests record the waits instead of waiting).
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Told of each retry and why ("coingecko: BTC: server error 502; trying again in 4 s (attempt 3 of 5)").
    public var note: @Sendable (String) -> Void

    public init(
        provider: any PriceProvider, transport: any HTTPTransport, retry: RetryPolicy = RetryPolicy(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        note: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.provider = provider
        self.transport = transport
        self.retry = retry
        self.sleep = sleep
        self.note = note
    }

    /// The daily prices of `asset` in `currency` from `from` through `to`, one per day, in date order.
    /// - Parameter progress: called after each request with (requests done, requests in all).
    public func fetch(
        asset: Asset, currency: Asset, from: CivilDate, to: CivilDate, progress: (Int, Int) -> Void = { _, _ in }
    ) async throws(FetchError) -> [PricePoint] {
        let requests = try provider.requests(asset: asset, currency: currency, from: from, to: to)
        var byDay: [CivilDate: PricePoint] = [:]
        for (index, request) in requests.enumerated() {
            if index > 0 { try await wait(provider.minimumInterval) }
            let body = try await body(of: request, asset: asset)
            for point in try provider.points(in: body, for: request, asset: asset, currency: currency)
            where point.date >= from && point.date <= to {
                byDay[point.date] = point
            }
            progress(index + 1, requests.count)
        }
        return byDay.values.sorted { $0.date < $1.date }
    }

    /// The body of a 200 response to `request`, after the retries the policy allows.
    func body(of request: PriceRequest, asset: Asset) async throws(FetchError) -> [UInt8] {
        let name = provider.name
        var lastProblem = ""
        for attempt in 1...max(1, retry.attempts) {
            let backoff = retry.backoff * (1 << min(attempt - 1, 16))
            func retrying(after pause: Duration) async throws(FetchError) {
                guard attempt < retry.attempts else { return }
                note("\(name): \(asset.symbol): \(lastProblem); trying again in \(pause.components.seconds) s "
                    + "(attempt \(attempt + 1) of \(retry.attempts))")
                try await wait(pause)
            }
            let response: HTTPResponse
            do {
                response = try await transport.get(request.url)
            } catch {
                lastProblem = "no response (\(error))"
                try await retrying(after: min(backoff, retry.longestWait))
                continue
            }
            switch response.status {
            case 200:
                return response.body
            case 429:
                let asked = response.header("Retry-After").flatMap(Self.seconds)
                let pause = asked.map { Duration.seconds($0) } ?? min(backoff, retry.longestWait)
                guard pause <= retry.longestWait else {
                    throw FetchError(.network, "\(name): rate limited fetching \(asset.symbol) (\(request.url)): the server asks to wait "
                        + "\(asked ?? 0) s, longer than \(retry.longestWait.components.seconds) s; try again later")
                }
                lastProblem = "rate limited (429)"
                try await retrying(after: pause)
            case 500...599:
                lastProblem = "server error \(response.status)" + (provider.errorMessage(in: response.body).map { ": \($0)" } ?? "")
                try await retrying(after: min(backoff, retry.longestWait))
            default:
                let message = provider.errorMessage(in: response.body) ?? Self.excerpt(response.body)
                throw FetchError(.data, "\(name): no prices for \(asset.symbol) (\(request.url)): HTTP \(response.status)"
                    + (message.isEmpty ? "" : ": \(message)"))
            }
        }
        throw FetchError(.network, "\(name): gave up fetching \(asset.symbol) after \(retry.attempts) attempts (\(request.url)): \(lastProblem)")
    }

    func wait(_ duration: Duration) async throws(FetchError) {
        guard duration > .zero else { return }
        do {
            try await sleep(duration)
        } catch {
            throw FetchError(.network, "\(provider.name): interrupted")
        }
    }

    /// Retry-After as seconds (RFC 9110 §10.2.3 also allows an HTTP date, read here as no value: the backoff applies).
    static func seconds(_ text: String) -> Int64? {
        guard let value = Int64(text.trimmingCharacters(in: " \t")), value >= 0 else { return nil }
        return value
    }

    /// The start of a body, for a message: one line, at most 200 characters.
    static func excerpt(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return String(text.map { $0.isNewline ? " " : $0 })
    }
}

extension String {
    /// The string without the given characters at either end.
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        return String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
