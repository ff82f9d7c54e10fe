import Foundation
import HarvestCore
import HarvestReports

/// `harvest problems` as text: a table that fits 80 columns with the commands below it, or CSV and JSON with the full
/// references.
struct ProblemsText {
    var problems: [Problem]
    var base: Asset
    /// `missing-basis error`: missing acquisitions stop reports too, and the table says so.
    var missingBasisIsError = false

    func table() -> String {
        guard !problems.isEmpty else { return "No problems: every report is complete.\n" }
        var table = TextTable(headers: ["#", "problem", "asset", "wallet", "rows", "from", "effect"], leftAligned: [1, 2, 3, 5])
        for (number, problem) in problems.enumerated() {
            table.add([
                "\(number + 1)", Self.title(problem.kind), Self.short(problem.asset.symbol, 10), problem.wallet.map { Self.short($0.name, 13) } ?? "-",
                problem.transactions.isEmpty ? "-" : "\(problem.transactions.count)", problem.first.description,
                problem.effect.map { $0.groupedWhole } ?? "?",
            ])
        }
        var out = table.render() + "\nTo resolve:\n"
        for (number, problem) in problems.enumerated() {
            out += "\(number + 1). \(explanation(problem))\n"
            for command in commands(problem) { out += "   \(command)\n" }
        }
        return out
    }

    func csv() -> String {
        var out = "kind,asset,wallet,rows,quantity,first,last,effect,blocks_reports,price_date,command,transactions\n"
        for problem in problems {
            out += [
                problem.kind.rawValue, problem.asset.symbol, problem.wallet?.name ?? "", "\(problem.transactions.count)",
                problem.quantity.description, problem.first.description, problem.last.description, problem.effect?.description ?? "",
                problem.kind.blocksReports ? "true" : "false", problem.priceDate?.description ?? "", commands(problem).first ?? "",
                problem.transactions.map(\.description).joined(separator: ";"),
            ].csvRow
        }
        return out
    }

    func json() -> String {
        JSON.array(problems.map { problem in
            JSON.object([
                ("kind", JSON.string(problem.kind.rawValue)), ("asset", JSON.string(problem.asset.symbol)),
                ("wallet", problem.wallet.map { JSON.string($0.name) } ?? "null"), ("quantity", JSON.string(problem.quantity.description)),
                ("first", JSON.string(problem.first.description)), ("last", JSON.string(problem.last.description)),
                ("effect", problem.effect.map { JSON.string($0.description) } ?? "null"),
                ("blocks_reports", problem.kind.blocksReports ? "true" : "false"),
                ("price_date", problem.priceDate.map { JSON.string($0.description) } ?? "null"),
                ("explanation", JSON.string(explanation(problem))),
                ("commands", JSON.array(commands(problem).map(JSON.string))),
                ("transactions", JSON.array(problem.transactions.map { JSON.string($0.description) })),
            ])
        }) + "\n"
    }

    static func title(_ kind: Problem.Kind) -> String {
        switch kind {
        case .missingPrice: "missing price"
        case .unknownAsset: "no prices at all"
        case .missingAcquisitions: "sold more than held"
        case .unmatchedWithdrawal: "unmatched withdrawal"
        case .unmatchedDeposit: "unmatched deposit"
        case .stalePrice: "stale price"
        }
    }

    /// A name cut to `width` characters, keeping its start and end (`0x003dc3…53f3`); `tx show` and CSV give it whole.
    static func short(_ name: String, _ width: Int) -> String {
        guard name.count > width, width > 5 else { return name }
        let tail = 4
        return String(name.prefix(width - tail - 1)) + "…" + String(name.suffix(tail))
    }

    func explanation(_ problem: Problem) -> String {
        let rows = problem.transactions.count
        let span = problem.first == problem.last ? "on \(problem.first)" : "from \(problem.first) to \(problem.last)"
        let asset = problem.asset.symbol
        let wallet = problem.wallet?.name ?? ""
        switch problem.kind {
        case .missingPrice:
            return "\(rows) row(s) need a price of \(asset) \(span) that the price book lacks; every report stops at the first."
        case .unknownAsset:
            return "\(rows) row(s) need a value for \(asset) \(span), which has no prices at all; every report stops at the first. "
                + "Import its prices, give the rows a value, say what it is a form of, or ignore rows of worthless tokens."
        case .missingAcquisitions:
            return "\(rows) row(s) in \(wallet) take \(problem.quantity) \(asset) more than was held (\(span)): the acquisitions are "
                + "missing, so zero-basis units were assumed" + (missingBasisIsError ? " (missing-basis error: reports stop)." : ".")
        case .unmatchedWithdrawal:
            return "\(rows) withdrawal(s) of \(problem.quantity) \(asset) from \(wallet) \(span) arrive in no wallet of yours: "
                + "the units left the books without gain or loss. Import the receiving wallet, match them, or say what they were."
        case .unmatchedDeposit:
            return "\(rows) deposit(s) of \(problem.quantity) \(asset) into \(wallet) \(span) come from no wallet of yours: they "
                + "arrived with zero basis. Import the sending wallet, match them, or say what they were."
        case .stalePrice:
            return "\(problem.quantity) \(asset) held is valued at its close of \(problem.priceDate?.description ?? "?"): import newer prices."
        }
    }

    /// The commands that resolve a problem, the one that covers it all first.
    func commands(_ problem: Problem) -> [String] {
        let asset = problem.asset.symbol
        let file = "\(asset)-\(base.symbol).csv"
        let first = problem.transactions.first.map { Self.quoted($0.description) } ?? "REF"
        switch problem.kind {
        case .missingPrice, .stalePrice:
            return ["harvest prices import \(file)   # daily closes of \(asset) in \(base.symbol) covering \(problem.first) to \(problem.last)",
                    problem.kind == .missingPrice ? "harvest tx edit \(first) --value AMOUNT   # or give one row its value" : nil].compactMap { $0 }
        case .unknownAsset:
            return ["harvest prices import \(file)   # daily closes of \(asset) in \(base.symbol)",
                    "harvest settings set transfer-equivalent.\(asset.lowercased()) UNDERLYING,\(asset)   # if it is a form of another asset",
                    "harvest tx ignore \(first)   # a worthless (spam) token: leave its rows out"]
        case .missingAcquisitions:
            let wallet = Self.quoted(problem.wallet?.name ?? "WALLET")
            return ["harvest import FILE   # the history of \(problem.wallet?.name ?? "the wallet") before \(problem.first), or:",
                    "harvest tx add --timestamp \(problem.first) --type buy --wallet \(wallet) --received-quantity \(problem.quantity) "
                        + "--received-asset \(asset) --value COST"]
        case .unmatchedWithdrawal, .unmatchedDeposit:
            let deposit = problem.kind == .unmatchedDeposit
            let wallet = Self.quoted(problem.wallet?.name ?? "WALLET")
            let all = "harvest transfers mark-external --all --wallet \(wallet) --asset \(asset) --kind \(deposit ? "deposit" : "withdrawal") "
                + "--through \(problem.last) --as untracked"
            return [all,
                    deposit ? "harvest transfers mark-external \(first) --as gift_in --basis COST   # or income, one row at a time"
                        : "harvest transfers mark-external \(first) --as spend   # or gift_out, donation, lost, one row at a time",
                    "harvest transfers match \(deposit ? "WITHDRAWAL \(first)" : "\(first) DEPOSIT")   # when it went to or came from a wallet you track"]
        }
    }

    /// A reference as a shell word: quoted when it holds characters a shell would read.
    static func quoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "/._-:@=+,".contains($0) }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
