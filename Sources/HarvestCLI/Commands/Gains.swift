import ArgumentParser
import HarvestCore
import HarvestImport
import HarvestStore

extension HarvestCommand {
    /// `harvest gains [--year Y] [--method M] [--scope S] [--format F]`
    struct Gains: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Realized gains and losses, row by row, and each year's summary.",
            discussion: """
                One row per lot portion consumed, in disposal order then acquisition order, each tracing to its lot's and its \
                disposal's tx ids. US: the summary nets short- and long-term results, applies the ordinary-income limit ($3,000; \
                $1,500 married filing separately) and carries the rest forward with its character. UK and Canada (--jurisdiction \
                uk or ca): each asset is one pool across wallets (rows name the lot `pool`, or the UK same-day or 30-day \
                acquisition) and the summary applies that country's netting. Australia (au): income years from 1 July \
                (--year 2024 is 2024-25); long means discount-eligible (12 months); losses come off non-discountable gains \
                first, then the 50% discount. Germany (de): long means held more than one year, tax-free; the year's private \
                sales net, the Freigrenze applies, losses carry forward. Money is rounded to cents, half away from zero, once \
                per printed figure (JSON keeps exact values).
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: "Only this tax year (default: every year).")
        var year: Int?

        @Option(help: "table, csv (DESIGN.md Gains CSV) or json.")
        var format: OutputFormat = .table

        func run() throws {
            let workspace = try Workspace.open(global)
            let replayed = try workspace.replay(replay)
            var summaries = workspace.summaries(replayed, through: year)
            var disposals = replayed.result.disposals
            if let year {
                disposals = disposals.filter { $0.taxYear == year }
                summaries = summaries.filter { $0.year == year }
            }
            switch format {
            case .csv: GainsCSV.write(disposals, to: Console.out)
            case .json:
                let result = replayed.result
                let base = replayed.settings.jurisdiction.baseCurrency
                Console.out(GainsJSON.write(
                    disposals, summaries: summaries, warnings: result.warnings,
                    sources: { (result.lotSource(of: $0), result.disposalSource(of: $0)) },
                    valuedBy: {
                        // A pool row (UK, Canada) has no single acquisition behind it: nothing to name.
                        ($0.lotPosition < 0 ? nil
                            : HarvestCore.Valuation.source(of: result.transaction(at: $0.lotPosition), base: base, prices: replayed.prices),
                         HarvestCore.Valuation.source(of: result.transaction(at: $0.disposalPosition), base: base, prices: replayed.prices))
                    }))
            case .table: Console.out(GainsText.render(disposals, summaries: summaries, settings: replayed.settings))
            }
        }
    }
}

/// The gains report for people.
enum GainsText {
    static func render(_ disposals: [Disposal], summaries: [YearSummary], settings: Settings) -> String {
        var table = TextTable(
            headers: ["Sold", "Asset", "Quantity", "Acquired", "Wallet", "Proceeds", "Basis", "Gain", "Term", "Lot tx", "Sale tx"],
            leftAligned: [0, 1, 3, 4, 8, 9, 10])
        for disposal in disposals {
            let row = PrintedDisposal(disposal)
            table.add([
                disposal.dateDisposed.description, disposal.asset.symbol + (disposal.missingBasis ? " *" : ""),
                disposal.quantity.description, disposal.dateAcquired.description, disposal.wallet.name,
                TextTable.money(row.proceeds), TextTable.money(row.costBasis), TextTable.money(row.gain), disposal.term.rawValue,
                disposal.lotTransactionID + (disposal.matching == .lot || disposal.matching == .pool ? "" : " (\(disposal.matching.rawValue))"),
                disposal.disposalTransactionID + (disposal.kind == .sale || disposal.kind == .trade ? "" : " (\(disposal.kind.rawValue))"),
            ])
        }
        var out = disposals.isEmpty ? "No disposals.\n" : table.render()
        if disposals.contains(where: \.missingBasis) { out += "* zero basis assumed (--allow-missing-basis)\n" }
        for summary in summaries { out += "\n" + text(summary, settings: settings) }
        return out
    }

    static func text(_ s: YearSummary, settings: Settings) -> String {
        let m = TextTable.money
        switch settings.jurisdiction.netting {
        case .unitedStates: break
        case .unitedKingdom, .canada: return singleClassText(s, jurisdiction: settings.jurisdiction)
        case .australia, .germany:
            if let cgt = s.australia { return australia(s, cgt) }
            if let sales = s.germany { return germany(s, sales) }
        }
        var lines = ["Tax year \(s.year) (\(settings.jurisdiction.name), filing \(settings.filing.rawValue))"]
        lines.append("  Proceeds \(m(s.proceeds)), cost basis \(m(s.costBasis))")
        lines.append("  Short-term: gains \(m(s.shortTermGains)), losses \(m(s.shortTermLosses)), carryover in \(m(-s.carryforwardIn.shortTerm)), net \(m(s.netShortTerm))")
        lines.append("  Long-term:  gains \(m(s.longTermGains)), losses \(m(s.longTermLosses)), carryover in \(m(-s.carryforwardIn.longTerm)), net \(m(s.netLongTerm))")
        lines.append("  Net capital gain (loss): \(m(s.netCapitalGain))")
        if s.netCapitalGain.isNegative {
            lines.append("  Deducted against ordinary income: \(m(s.deductionAgainstOrdinaryIncome))")
            lines.append("  Carried forward to \(s.year + 1): short-term \(m(s.carryforwardOut.shortTerm)), long-term \(m(s.carryforwardOut.longTerm))")
        }
        if !s.incomeByType.isEmpty {
            let parts = s.incomeByType.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \(m($0.value))" }
            lines.append("  Ordinary income: \(parts.joined(separator: ", ")) (total \(m(s.totalIncome)))")
        }
        if s.missingBasisRows > 0 { lines.append("  \(s.missingBasisRows) row(s) use an assumed zero basis") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Item 18 of the Australian return.
    static func australia(_ s: YearSummary, _ cgt: AustralianCGT) -> String {
        let m = TextTable.money
        var lines = ["Income year \(Jurisdiction.auIncomeYear(s.year)) (Australia, 1 July \(s.year) to 30 June \(s.year + 1))"]
        lines.append("  Proceeds \(m(s.proceeds)), cost base \(m(s.costBasis))")
        lines.append("  Total current year capital gains (18H): \(m(cgt.totalCurrentYearGains)): non-discountable \(m(cgt.nonDiscountableGains)), "
            + "discountable \(m(cgt.discountableGains))")
        lines.append("  Capital losses: this year \(m(cgt.currentYearLosses)), carried in \(m(cgt.carriedIn)); applied to non-discountable "
            + "\(m(cgt.lossesAppliedToNonDiscountable)), to discountable \(m(cgt.lossesAppliedToDiscountable))")
        lines.append("  CGT discount (50%): \(m(cgt.discount))")
        lines.append("  Net capital gain (18A): \(m(cgt.netCapitalGain))")
        lines.append("  Net capital losses carried forward (18V): \(m(cgt.carriedOut))")
        return (lines + incomeLines(s)).joined(separator: "\n") + "\n"
    }

    /// Private sales, Anlage SO.
    static func germany(_ s: YearSummary, _ sales: GermanPrivateSales) -> String {
        let m = TextTable.money
        var lines = ["Tax year \(s.year) (Germany, private sales §23 EStG)"]
        lines.append("  Within one year: gains \(m(sales.gains)), losses \(m(sales.losses)), total \(m(sales.total))")
        lines.append("  Held over one year (tax-free, losses do not count): gains \(m(sales.exemptGains)), losses \(m(sales.exemptLosses))")
        let freigrenze = sales.belowFreigrenze ? "under the \(m(sales.freigrenze)) Freigrenze: tax-free"
            : sales.total < sales.freigrenze ? "no gain" : "at or over the \(m(sales.freigrenze)) Freigrenze: taxable in full"
        lines.append("  Freigrenze: \(freigrenze)")
        lines.append("  Loss carried in \(m(sales.carriedIn)), used \(m(sales.carriedInApplied))")
        lines.append("  Taxable private-sale income: \(m(sales.taxable))")
        lines.append("  Loss carried forward (§23(3), §10d): \(m(sales.carriedOut))")
        return (lines + incomeLines(s)).joined(separator: "\n") + "\n"
    }

    static func incomeLines(_ s: YearSummary) -> [String] {
        var lines: [String] = []
        if !s.incomeByType.isEmpty {
            let parts = s.incomeByType.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \(TextTable.money($0.value))" }
            lines.append("  Ordinary income: \(parts.joined(separator: ", ")) (total \(TextTable.money(s.totalIncome)))")
        }
        if s.missingBasisRows > 0 { lines.append("  \(s.missingBasisRows) row(s) use an assumed zero basis") }
        return lines
    }

    /// A UK or Canadian year: one class of gains, per disposal.
    static func singleClassText(_ s: YearSummary, jurisdiction: Jurisdiction) -> String {
        let m = TextTable.money
        let uk = jurisdiction.netting == .unitedKingdom
        let name = uk ? "Tax year \(s.year)-\(String(s.year + 1).suffix(2)) (6 April \(s.year) to 5 April \(s.year + 1))" : "Tax year \(s.year)"
        var lines = ["\(name) (\(jurisdiction.name), \(jurisdiction.baseCurrency))"]
        lines.append("  \(s.disposalCount) disposal(s): proceeds \(m(s.proceeds)), allowable costs \(m(s.costBasis))"
            + (s.adjustments.isZero ? "" : ", superficial losses denied \(m(s.adjustments))"))
        lines.append("  Gains \(m(s.longTermGains)), losses \(m(s.longTermLosses)), net \(m(s.longTermGains + s.longTermLosses))")
        lines.append("  Losses brought forward \(m(s.carryforwardIn.longTerm + s.carryforwardIn.shortTerm)), used \(m(s.carryforwardUsed))")
        if uk {
            lines.append("  Annual exempt amount \(m(s.exemptAmount)); taxable gain \(m(s.taxableGain))")
            for period in s.ratePeriods where !(period.gains.isZero && period.losses.isZero) {
                lines.append("  Disposals from \(period.from): gains \(m(period.gains)), losses \(m(period.losses)), taxed \(m(period.taxable)) "
                    + "at \(PlanText.percent(period.rate)) = \(m(period.tax))")
            }
            if let tax = s.estimatedTax { lines.append("  Estimated capital gains tax: \(m(tax))") }
        } else {
            lines.append("  Taxable capital gain (\(PlanText.percent(jurisdiction.schedule.inclusionRate)) of the net gain after losses "
                + "of other years): \(m(s.taxableGain))")
        }
        lines.append("  Loss carried forward to \(s.year + 1): \(m(s.carryforwardOut.longTerm + s.carryforwardOut.shortTerm))")
        if !s.incomeByType.isEmpty {
            let parts = s.incomeByType.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \(m($0.value))" }
            lines.append("  Income: \(parts.joined(separator: ", ")) (total \(m(s.totalIncome)))")
        }
        if s.missingBasisRows > 0 { lines.append("  \(s.missingBasisRows) row(s) use an assumed zero basis") }
        return lines.joined(separator: "\n") + "\n"
    }
}
