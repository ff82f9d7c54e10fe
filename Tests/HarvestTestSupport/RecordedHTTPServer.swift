import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A local HTTP server on 127.0.0.1 (an ephemeral port) that answers each request with the next reply queued for its
/// path and query, or 404: the stand-in for a public API in tests (no test reaches the internet). The replies are
/// recorded responses made by hand in the shape each API documents.
public final class RecordedHTTPServer: @unchecked Sendable {
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: String
        public init(status: Int = 200, headers: [(String, String)] = [("Content-Type", "application/json")], body: String) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    private let lock = NIOLock()
    private var queued: [String: [Reply]]
    private var received: [String] = []
    private let group: MultiThreadedEventLoopGroup
    private var channel: (any Channel)?

    /// `replies`: by path and query (`/api/v3/coins/bitcoin/market_chart/range?vs_currency=usd&from=…`), answered in order;
    /// the last reply of a path repeats.
    public init(_ replies: [String: [Reply]]) async throws {
        queued = replies
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(server: self))
                }
            }
        channel = try await server.bind(host: "127.0.0.1", port: 0).get()
    }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(channel?.localAddress?.port ?? 0)" }

    /// The paths and queries requested, in order.
    public var requests: [String] { lock.withLock { received } }

    public func shutdown() async throws {
        try await channel?.close()
        try await group.shutdownGracefully()
    }

    fileprivate func reply(to uri: String) -> Reply {
        lock.withLock {
            received.append(uri)
            guard var replies = queued[uri], let first = replies.first else { return Reply(status: 404, body: "{\"error\":\"no recorded reply\"}") }
            if replies.count > 1 {
                replies.removeFirst()
                queued[uri] = replies
            }
            return first
        }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let server: RecordedHTTPServer
        var uri = ""

        init(server: RecordedHTTPServer) { self.server = server }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): uri = head.uri
            case .body: break
            case .end:
                let reply = server.reply(to: uri)
                var headers = HTTPHeaders(reply.headers)
                headers.replaceOrAdd(name: "Content-Length", value: String(reply.body.utf8.count))
                headers.replaceOrAdd(name: "Connection", value: "close")
                let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: reply.body)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
            }
        }
    }
}
