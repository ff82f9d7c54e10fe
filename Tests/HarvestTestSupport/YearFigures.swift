import HarvestCore

/// A year summary's country figures, for tests that know which country's they expect (nil for another's).
extension YearSummary {
    public var scheduleD: USScheduleD? {
        guard case .unitedStates(let figures) = figures else { return nil }
        return figures
    }

    public var ukGains: UKCapitalGains? {
        guard case .unitedKingdom(let figures) = figures else { return nil }
        return figures
    }

    public var canadaGains: CanadaCapitalGains? {
        guard case .canada(let figures) = figures else { return nil }
        return figures
    }

    public var australia: AustralianCGT? {
        guard case .australia(let figures) = figures else { return nil }
        return figures
    }

    public var germany: GermanPrivateSales? {
        guard case .germany(let figures) = figures else { return nil }
        return figures
    }
}
