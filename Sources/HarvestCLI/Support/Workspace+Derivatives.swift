import HarvestCore
import HarvestStore

/// The derivatives around a replay (issue 17): the book's first pass before the lot engine (its exercises and
/// assignments are spot transactions), and the wash sales, funding income and straddle test after it.
extension Workspace {
    /// The derivative inputs and the book's first pass; nil when no derivative event is stored (the replay is then the
    /// spot one, unchanged).
    struct DerivativePass {
        var inputs: DerivativeLedger.Inputs
        var first: DerivativeResult
    }

    /// - Parameters:
    ///   - through: events after it are left out, and open positions valued at it; else at today.
    func derivativePass(_ settings: Settings, prices: PriceBook, through: CivilDate?) throws -> DerivativePass? {
        let stored = try store.loadDerivatives(zone: settings.zone)
        guard !stored.events.isEmpty else { return nil }
        let events = through.map { day in stored.events.filter { $0.date <= day } } ?? stored.events
        let asOf = through ?? today()
        let inputs = DerivativeLedger.Inputs(
            instruments: stored.instruments, events: events, prices: prices, asOf: asOf, jurisdiction: settings.jurisdiction,
            funding: settings.derivativeFunding, washSale: settings.washSale, classes: settings.assetClasses)
        do {
            return DerivativePass(inputs: inputs, first: try DerivativeLedger.firstPass(inputs))
        } catch {
            throw CommandFailure.data("error: \(error)")
        }
    }

    /// After the lot engine: rewrites `result`'s wash-sale rows and income, and returns the derivatives' outcome.
    func settleDerivatives(_ pass: DerivativePass, result: inout LedgerResult) throws -> DerivativeOutcome {
        let outcome: DerivativeOutcome
        do {
            outcome = try DerivativeLedger.settle(pass.first, spot: &result, pass.inputs)
        } catch {
            throw CommandFailure.data("error: \(error)")
        }
        for warning in outcome.derivatives.warnings { Console.error("warning: \(warning)") }
        return outcome
    }
}

extension DerivativeOutcome {
    /// Each year's derivative results by term, as Schedule D counts them (`YearSummaries.compute`'s `otherGains`).
    var gainsByYear: [Int: RealizedGains] {
        Dictionary(uniqueKeysWithValues: derivatives.years.map { ($0, derivatives.realized(year: $0)) })
    }
}
