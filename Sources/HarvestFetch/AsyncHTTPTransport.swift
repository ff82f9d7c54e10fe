import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The real network: AsyncHTTPClient's shared client, one GET at a time, a deadline (30 s unless told), bodies up to
/// 64 MB. A host that refuses connections is tried again by the client's pool until the deadline: one failed attempt.
public struct AsyncHTTPTransport: HTTPTransport {
    public var deadline: Duration

    public init(deadline: Duration = .seconds(30)) { self.deadline = deadline }

    public func get(_ url: String) async throws -> HTTPResponse {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: "Harvest (local-first crypto tax tool)")
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await HTTPClient.shared.execute(request, timeout: TimeAmount.nanoseconds(deadline.components.seconds * 1_000_000_000 + deadline.components.attoseconds / 1_000_000_000))
        let body = try await response.body.collect(upTo: 64 << 20)
        return HTTPResponse(
            status: Int(response.status.code), headers: response.headers.map { (name: $0.name, value: $0.value) },
            body: Array(body.readableBytesView))
    }
}
