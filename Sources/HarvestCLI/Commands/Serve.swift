import ArgumentParser
import Dispatch
import Foundation
import HarvestServer

extension HarvestCommand {
    /// `harvest serve [--port N] [--host H] [--token T]`
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A local web dashboard and JSON API over the database: portfolio, harvest plan, gains, problems, transfers, backtest, settings.",
            discussion: """
                Pages are rendered on this machine with the same code as the commands (no script, no external asset, nothing \
                sent anywhere); the JSON API is under /api/v1 (described at /api/v1/openapi.json). Bound to 127.0.0.1 by \
                default. Bound to any other address, every request must carry the token (--token, else a new one is printed), \
                and the address printed carries it once, for the browser. Forms are protected against cross-site requests. \
                Stop with Ctrl-C.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: "The port (0: any free port).")
        var port: Int = DashboardConfiguration.defaultPort

        @Option(help: "The address to listen on. Anything but loopback (127.0.0.1, ::1, localhost) requires a token.")
        var host: String = "127.0.0.1"

        @Option(help: "The access token every request must carry (default: none on loopback, a new random one otherwise).")
        var token: String?

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port takes 0 to 65535, not \(port).") }
            if let token, token.count < 16 || !token.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
                throw ValidationError("--token takes at least 16 letters, digits, - or _.")
            }
        }

        func run() throws {
            // The same checks as every command that reads: a missing database is an error naming it.
            let data = try WorkspaceDashboard(global)
            let token = self.token ?? (DashboardConfiguration.isLoopback(host) ? nil : DashboardConfiguration.newToken())
            let configuration = DashboardConfiguration(host: host, port: port, token: token)
            let host = host.contains(":") ? "[\(host)]" : host
            let outcome = ServeOutcome()
            let done = DispatchSemaphore(value: 0)
            Task {
                do {
                    try await DashboardServer.run(data: data, configuration: configuration) { port in
                        Console.out("http://\(host):\(port)/" + (token.map { "?token=\($0)" } ?? "") + "\n")
                        Console.error("harvest serve: the dashboard of \(data.path) is at the address above"
                            + (token == nil ? " (this machine only)" : "; every request needs the token") + ". Ctrl-C stops it.")
                    }
                } catch {
                    outcome.error = error
                }
                done.signal()
            }
            done.wait()
            if let error = outcome.error { throw CommandFailure.other("error: the dashboard stopped: \(error)") }
        }
    }
}

/// How the server task ended, handed from the task to the waiting command.
private final class ServeOutcome: @unchecked Sendable {
    var error: (any Error)?
}
