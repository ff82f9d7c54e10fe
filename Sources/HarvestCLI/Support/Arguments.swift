import ArgumentParser
import Foundation
import HarvestCore

// The options' value types: the parser checks each value and lists the choices in `--help` and in its error, so no
// command validates a string by hand. Choices are matched without regard to case.

extension Jurisdiction: ExpressibleByArgument {
    /// A jurisdiction by its code (`us`, `uk`, `ca`, `au`, `de`).
    public init?(argument: String) {
        guard let jurisdiction = Jurisdiction.all[argument.lowercased()] else { return nil }
        self = jurisdiction
    }

    public static var allValueStrings: [String] { ordered.map(\.code) }
    public var defaultValueDescription: String { code }
}

extension LotMethod: ExpressibleByArgument {}
extension BasisScope: ExpressibleByArgument {}
extension FilingStatus: ExpressibleByArgument {}
extension TaxProfile.Exit: ExpressibleByArgument {}

/// An enumeration of choices whose raw values are what the user types, matched without regard to case.
protocol Choice: RawRepresentable, CaseIterable, ExpressibleByArgument where RawValue == String {}

extension Choice {
    init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// What a replay does with units sold but never seen acquired (`missing-basis`, `--missing-basis`).
enum MissingBasis: String, CaseIterable, Choice {
    /// Zero-basis units acquired that day, flagged `missing_basis` in every report: the gain is over-stated, never
    /// under-stated, and the report comes out with a warning.
    case zero
    /// The first such row stops every report, naming it.
    case error
}

/// Output formats for results.
enum OutputFormat: String, Choice {
    case table, csv, json
}

/// How often a backtest rebalances to its target weights (`--rebalance`).
enum RebalanceSchedule: String, Choice {
    case none, monthly, quarterly, yearly

    /// Months between rebalancing days (0: never).
    var months: Int {
        switch self {
        case .none: 0
        case .monthly: 1
        case .quarterly: 3
        case .yearly: 12
        }
    }
}

/// How often a backtest study starts a window (`--windows`).
enum WindowPeriod: String, Choice {
    case monthly, quarterly, yearly

    var months: Int {
        switch self {
        case .monthly: 1
        case .quarterly: 3
        case .yearly: 12
        }
    }
}

/// Where a backtest's tax is paid from (`--taxes-from`).
enum TaxSource: String, Choice {
    /// From the portfolio, selling when cash is short.
    case portfolio
    /// From outside: the tax paid is subtracted from the ending wealth.
    case outside
}

/// What a backtest does at its last day (`--at-end`).
enum BacktestEnding: String, Choice {
    /// Sell everything and pay all tax.
    case liquidate
    /// Keep holding and report the deferred tax.
    case hold
}

/// Whether a backtest applies the US wash-sale rule to crypto (`--wash-sale`).
enum WashSaleOption: String, Choice {
    /// The US treatment of crypto held as property: outside §1091.
    case off = "crypto=off"
    /// As if §1091 reached crypto: harvests wait out the window in a replacement.
    case on = "crypto=on"
}

/// What a withdrawal or deposit marked external really was (`transfers mark-external --as`).
enum ExternalKind: String, Choice {
    case untracked, spend, donation, lost, income
    case giftOut = "gift_out"
    case giftIn = "gift_in"

    /// The transaction kind it becomes, for a withdrawal (`outgoing`) or a deposit; nil when it does not fit that side.
    func kind(outgoing: Bool) -> TransactionKind? {
        switch (self, outgoing) {
        case (.untracked, true): .withdrawal
        case (.untracked, false): .deposit
        case (.spend, true): .spend
        case (.giftOut, true): .giftOut
        case (.donation, true): .donation
        case (.lost, true): .lost
        case (.income, false): .income
        case (.giftIn, false): .giftIn
        default: nil
        }
    }

    /// The choices that fit a withdrawal (`outgoing`) or a deposit.
    static func choices(outgoing: Bool) -> [ExternalKind] { allCases.filter { $0.kind(outgoing: outgoing) != nil } }
}

/// A parsed `YYYY-MM-DD` argument.
struct DateArgument: ExpressibleByArgument {
    var date: CivilDate
    init?(argument: String) {
        guard let date = CivilDate(iso: argument) else { return nil }
        self.date = date
    }
    static var defaultCompletionKind: CompletionKind { .default }
}

/// Parsers for options whose values have a shape rather than a list of choices: each throws a `ValidationError` that
/// says what the option takes, which the parser reports with the option's name (exit 64).
enum ArgumentValue {
    /// A non-negative amount such as `12000` or `1234.56`.
    static func amount(_ text: String) throws -> Money {
        guard let amount = try? Money(parsing: text), !amount.isNegative, SupportedRange.contains(amount.fixed) else {
            throw ValidationError("takes a positive amount such as 12000, not '\(text)'")
        }
        return amount
    }

    /// Assets separated by commas: `SOL,AVAX,LINK`.
    static func assets(_ text: String) -> [Asset] {
        text.split(separator: ",").map { Asset(String($0).trimmingCharacters(in: .whitespaces)) }
    }

    /// `BTC=0.5,ETH=0.3,SOL=0.2`: weights adding up to exactly 1.
    static func weights(_ text: String) throws -> [Asset: Fixed] {
        var weights: [Asset: Fixed] = [:]
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, !pieces[0].isEmpty, let weight = Fixed(pieces[1]), !weight.isNegative else {
                throw ValidationError("takes ASSET=WEIGHT pairs such as BTC=0.5,ETH=0.5, not '\(part)'")
            }
            // A weight is a fraction: above 1 the sum cannot be 1, and `BTC=1e20,ETH=1e20` must not overflow adding up.
            guard weight <= .one else { throw ValidationError("weight \(pieces[1]) of \(pieces[0]) is more than 1: weights add up to 1") }
            weights[Asset(pieces[0]), default: .zero] += weight
        }
        var sum = Fixed.zero
        for weight in weights.values { sum += weight }  // each at most 1: no overflow
        // Beyond this many pairs the sum of fractions could still overflow, far past any portfolio.
        guard weights.count < 1_000_000 else { throw ValidationError("takes at most 1,000,000 assets") }
        guard sum == .one else { throw ValidationError("weights add up to \(sum), not 1") }
        return weights
    }

    /// Jurisdictions whose wash-sale-style rule can be advised on, by code: `uk,ca`.
    static func advisable(_ text: String) throws -> [Jurisdiction] {
        try text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }.map { code in
            guard let jurisdiction = Jurisdiction.all[code], jurisdiction.advisory != nil else {
                throw ValidationError("takes \(Jurisdiction.advisable.map(\.code).joined(separator: ", ")), not '\(code)'")
            }
            return jurisdiction
        }
    }

    /// Basis points such as `10bps` or `10`.
    static func basisPoints(_ text: String) throws -> Fixed {
        let trimmed = text.lowercased().hasSuffix("bps") ? String(text.dropLast(3)) : text
        guard let value = Fixed(trimmed), !value.isNegative, value < 10_000 else {
            throw ValidationError("takes basis points such as 10bps, not '\(text)'")
        }
        return value
    }
}

extension ArgumentValue {
    /// `none`, `yearend`, `planner` or `threshold:X` with X between 0 and 1.
    static func strategy(_ text: String) throws -> BacktestStrategy {
        switch text.lowercased() {
        case "none": return .none
        case "yearend": return .yearEnd
        case "planner": return .planner
        case "planner:daily": return .plannerDaily
        case let other where other.hasPrefix("threshold:"):
            guard let fraction = Fixed(String(other.dropFirst("threshold:".count))), fraction.isPositive, fraction < 1 else {
                throw ValidationError("threshold:X takes a fraction between 0 and 1, e.g. threshold:0.10, not '\(text)'")
            }
            return .threshold(fraction)
        default:
            throw ValidationError("takes none, yearend, planner, planner:daily or threshold:X, not '\(text)'")
        }
    }

    /// Strategies separated by commas.
    static func strategies(_ text: String) throws -> [BacktestStrategy] {
        try text.split(separator: ",").map { try strategy(String($0).trimmingCharacters(in: .whitespaces)) }
    }

    /// `threshold=FROM..TO:STEP`: thresholds from FROM to TO (at most 1,000).
    static func sweep(_ text: String) throws -> [BacktestStrategy] {
        let parts = text.lowercased().split(separator: "=", maxSplits: 1)
        let range = parts.count == 2 ? parts[1].split(separator: ":") : []
        let bounds = range.first?.components(separatedBy: "..") ?? []
        guard parts.first == "threshold", range.count == 2, bounds.count == 2, let from = Fixed(bounds[0]), let to = Fixed(bounds[1]),
              let step = Fixed(String(range[1])), step.isPositive, from.isPositive, from <= to, to < 1 else {
            throw ValidationError("takes threshold=FROM..TO:STEP, e.g. threshold=0.02..0.30:0.02, not '\(text)'")
        }
        var list: [BacktestStrategy] = []
        var value = from
        while value <= to && list.count < 1000 {
            list.append(.threshold(value))
            value += step
        }
        return list
    }
}

/// `--deposit AMOUNT/month|quarter|year`.
struct DepositPlan {
    var amount: Money
    var everyMonths: Int

    init(parsing text: String) throws {
        let parts = text.split(separator: "/")
        let months = parts.count == 2 ? ["month": 1, "quarter": 3, "year": 12][String(parts[1]).lowercased()] : 1
        guard let first = parts.first, let amount = try? Money(parsing: first), !amount.isNegative, SupportedRange.contains(amount.fixed),
              let months else {
            throw ValidationError("takes AMOUNT/month, AMOUNT/quarter or AMOUNT/year, e.g. 1000/month, not '\(text)'")
        }
        self.amount = amount
        everyMonths = months
    }
}

/// `--target equal` or weights such as `BTC=0.6,ETH=0.4`.
enum TargetWeights {
    case equal
    case weights([Asset: Fixed])

    init(parsing text: String) throws {
        self = text.lowercased() == "equal" ? .equal : .weights(try ArgumentValue.weights(text))
    }

    /// The weights, or nil for equal ones.
    var weights: [Asset: Fixed]? {
        if case .weights(let weights) = self { return weights }
        return nil
    }
}
