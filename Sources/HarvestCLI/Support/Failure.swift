import ArgumentParser
import HarvestCore
import HarvestImport
import HarvestStore

extension ExitCode {
    /// EX_DATAERR: the input data was bad (DESIGN.md: 65 on bad input data).
    static let dataError = ExitCode(65)
    /// EX_USAGE, as ArgumentParser's validation errors use.
    static let usage = ExitCode(64)
}

/// A failure the CLI has already explained: its messages go to stderr, then it exits with `code`.
struct CommandFailure: Error {
    var messages: [String]
    var code: ExitCode

    static func data(_ messages: String...) -> CommandFailure { CommandFailure(messages: messages, code: .dataError) }
    static func usage(_ messages: String...) -> CommandFailure { CommandFailure(messages: messages, code: .usage) }
    static func other(_ messages: String...) -> CommandFailure { CommandFailure(messages: messages, code: .failure) }
}

/// Maps the errors of the layers below to messages and exit codes, at the edge.
func explain(_ error: any Error) -> CommandFailure? {
    switch error {
    case let failure as CommandFailure: failure
    case let failure as ImportFailure: CommandFailure(messages: failure.errors.map(\.description), code: .dataError)
    case let error as LedgerError: CommandFailure(messages: ["error: \(error)"], code: .dataError)
    case let error as SettingsError: CommandFailure(messages: ["error: \(error)"], code: .usage)
    // A newer Harvest's database, or one held too long by another command: said plainly, exit 1 (not a usage or data error).
    case let error as StoreError: CommandFailure(messages: ["error: \(error)"], code: .failure)
    case let error as ArithmeticOverflow: CommandFailure(messages: ["error: \(error)"], code: .dataError)
    default: nil
    }
}
