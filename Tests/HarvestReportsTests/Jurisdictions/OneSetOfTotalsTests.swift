import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// One set of totals (the forms' rule, `ReportRounding`): for random histories, in every jurisdiction, the year summary a
/// user reads (`harvest gains`' text and JSON) equals the country report's figures, and both are the sums of the rows as
/// printed (each row's proceeds, basis and adjustment in cents, half away from zero; its gain from those), added up here
/// independently of the engine's netting.
@Suite("One set of totals")
struct OneSetOfTotalsTests {
    /// SplitMix64: a small seeded generator, so a failing history is replayed from its seed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A random history in the jurisdiction's currency: buys and sells of BTC, ETH and (US) IBIT, a security under the
    /// wash-sale rule, over 2023–2025, with amounts in thousandths of a unit so that rows round.
    static func history(_ jurisdiction: Jurisdiction, seed: UInt64) throws -> [Transaction] {
        var random = SeededGenerator(state: seed)
        let local = Local(jurisdiction)
        let assets = jurisdiction.code == "us" ? ["BTC", "ETH", "IBIT"] : ["BTC", "ETH"]
        var held: [String: Int] = [:]
        var rows: [Transaction] = []
        var date = day("2023-01-02")
        for index in 0..<Int.random(in: 4...30, using: &random) {
            date = date.adding(days: Int.random(in: 0...60, using: &random))
            let asset = assets.randomElement(using: &random)!
            let amount = try thousandths(Int.random(in: 1...5_000_000, using: &random))
            let units = held[asset] ?? 0
            if units > 0 && Bool.random(using: &random) {
                let sold = Int.random(in: 1...units, using: &random)
                rows.append(local.sell("t\(index)", date.description, try Quantity(parsing: String(sold)), asset, proceeds: amount))
                held[asset] = units - sold
            } else {
                let bought = Int.random(in: 1...4, using: &random)
                rows.append(local.buy("t\(index)", date.description, try Quantity(parsing: String(bought)), asset, cost: amount))
                held[asset] = units + bought
            }
        }
        return rows
    }

    static func thousandths(_ count: Int) throws -> Money {
        let fraction = String(count % 1000)
        return try Money(parsing: "\(count / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction)
    }

    /// The history's disposals and year summaries; US years get a random taxable income (some negative) and a loss
    /// carried in with a fraction of a cent, so the worksheet's cap and the carryover's rounding are exercised.
    static func books(_ jurisdiction: Jurisdiction, seed: UInt64) throws -> (disposals: [Disposal], summaries: [YearSummary]) {
        var random = SeededGenerator(state: seed ^ 0xABCD)
        let result = try LotEngine.run(try history(jurisdiction, seed: seed), policy: jurisdiction.code == "us" ? washSalePolicy : AccountingPolicy(),
                                       jurisdiction: jurisdiction)
        var taxableIncome: [Int: Money] = [:]
        for year in 2023...2026 where Bool.random(using: &random) {
            taxableIncome[year] = try thousandths(Int.random(in: 0...40_000_000, using: &random)) - 10_000
        }
        let carried = jurisdiction.code == "us" ? Carryforward(shortTerm: try thousandths(Int.random(in: 0...5_000_000, using: &random)))
            : .none
        let summaries = YearSummaries.compute(disposals: result.disposals, income: result.income, jurisdiction: jurisdiction,
                                              carryforward: carried, taxableIncomeByYear: taxableIncome)
        return (result.disposals, summaries)
    }

    /// The printed rows of a year, added up here: proceeds, basis, and gains and losses by term.
    struct RowSums {
        var proceeds = Money.zero, costBasis = Money.zero, sellingCosts = Money.zero
        var gains = RealizedGains()

        init(_ rows: [PrintedDisposal]) {
            for row in rows {
                proceeds += row.proceeds
                costBasis += row.costBasis
                sellingCosts += row.sellingCost
                // Each printed row adds up on its own.
                #expect(row.gain == row.proceeds - row.costBasis + row.adjustment)
                gains.add(row.gain, term: row.disposal.term)
            }
        }
    }

    static func amounts(_ csv: String, key: Int, amount: Int) -> [String: String] {
        var found: [String: String] = [:]
        for line in lines(csv).dropFirst() {
            let fields = csvFields(line)
            found[fields[key]] = fields[amount]
        }
        return found
    }

    static let seeds: [UInt64] = Array(1...40)

    @Test("US: Form 8949's box totals and Schedule D lines are the printed rows' sums and the year summary's figures", arguments: seeds)
    func unitedStates(seed: UInt64) throws {
        let (disposals, summaries) = try Self.books(.us, seed: seed)
        for summary in summaries {
            let scheduleD = try #require(summary.scheduleD)
            let rows = disposals.filter { $0.taxYear == summary.year }.map(PrintedDisposal.init)
            let sums = RowSums(rows), short = RowSums(rows.filter { $0.disposal.term == .short })
            let long = RowSums(rows.filter { $0.disposal.term == .long })
            let csv = Form8949.csv(year: summary.year, disposals: disposals, summary: summary, figures: scheduleD)
            let totals = lines(csv).filter { $0.contains(",Totals (") }.map(csvFields)
            try #require(totals.count == 2)
            #expect(totals[0][5] == short.proceeds.formatted(scale: 2, .towardZero) && totals[1][5] == long.proceeds.formatted(scale: 2, .towardZero))
            #expect(totals[0][9] == short.gains.net.formatted(scale: 2, .towardZero) && totals[1][9] == long.gains.net.formatted(scale: 2, .towardZero))
            let lineD = Self.amounts(csv, key: 2, amount: 9).compactMapValues { try? Money(parsing: $0) }
            func line(_ prefix: String) throws -> Money { try #require(lineD.first { $0.key.hasPrefix(prefix) }?.value, "\(prefix) in \(csv)") }
            let line7 = try line("Line 7:"), line15 = try line("Line 15:"), line16 = try line("Line 16:"), line21 = try line("Line 21:")
            // Schedule D: the box totals less the printed carryover in.
            #expect(line7 == short.gains.net - summary.carryforwardIn.shortTerm && line15 == long.gains.net - summary.carryforwardIn.longTerm)
            #expect(line16 == line7 + line15)
            // Line 21: the smaller of line 16's loss and 3,000 (single).
            #expect(line21 == (line16.isNegative ? -min(-line16, 3_000) : .zero))

            let text = summary.presentation.text(jurisdiction: .us, filing: .single)
            #expect(text.contains("  Proceeds \(sums.proceeds.groupedCents), cost basis \(sums.costBasis.groupedCents)\n"))
            #expect(text.contains("  Short-term: gains \(sums.gains.shortTermGains.groupedCents), losses \(sums.gains.shortTermLosses.groupedCents), "
                + "carryover in \((-summary.carryforwardIn.shortTerm).groupedCents), net \(line7.groupedCents)\n"))
            #expect(text.contains("  Long-term:  gains \(sums.gains.longTermGains.groupedCents), losses \(sums.gains.longTermLosses.groupedCents), "
                + "carryover in \((-summary.carryforwardIn.longTerm).groupedCents), net \(line15.groupedCents)\n"))
            #expect(text.contains("  Net capital gain (loss): \(line16.groupedCents)\n"))
            let json = GainsJSON.summaryJSON(summary)
            #expect(json.contains("\"net_capital_gain\":\"\(line16)\"") && json.contains("\"proceeds\":\"\(sums.proceeds)\""))
            if line16.isNegative {
                let carryShort = try line("Carryover to next year: short-term"), carryLong = try line("Carryover to next year: long-term")
                #expect(text.contains("  Deducted against ordinary income: \((-line21).groupedCents)\n"))
                #expect(text.contains("  Carried forward to \(summary.year + 1): short-term \(carryShort.groupedCents), long-term \(carryLong.groupedCents)\n"))
                // The worksheet, independently: a taxable income caps the loss used up (lines 1–4); the rest carries.
                let worksheet = try #require(scheduleD.worksheet)
                let usedUp = worksheet.line1TaxableIncome.map { min(-line21, max(.zero, $0 - line21)) } ?? -line21
                #expect(worksheet.line4 == usedUp && carryShort + carryLong == -line16 - usedUp)
            }
        }
    }

    @Test("UK: the SA108 figures are the year summary's, in pence the sums of the printed rows", arguments: seeds)
    func unitedKingdom(seed: UInt64) throws {
        let (disposals, summaries) = try Self.books(.unitedKingdom, seed: seed)
        for summary in summaries {
            let gains = try #require(summary.ukGains)
            let rows = disposals.filter { $0.taxYear == summary.year }.map(PrintedDisposal.init)
            let sums = RowSums(rows)
            // A disposal is a token's disposals on one day (TCGA s.105(1)): its gain is the sum of its printed rows.
            var byDisposal: [String: Money] = [:]
            for row in rows { byDisposal["\(row.disposal.asset.symbol) \(row.disposal.dateDisposed)", default: .zero] += row.gain }
            let yearGains = byDisposal.values.filter { !$0.isNegative }.sum(), yearLosses = byDisposal.values.filter(\.isNegative).sum()
            let figures = Self.amounts(UKSelfAssessment.csv(year: summary.year, disposals: disposals, summary: summary, figures: gains),
                                       key: 0, amount: 2)
            #expect(figures["number_of_disposals"] == String(byDisposal.count))
            #expect(figures["disposal_proceeds"] == sums.proceeds.formatted(scale: 0, .down))
            #expect(figures["allowable_costs"] == sums.costBasis.formatted(scale: 0, .up))
            #expect(figures["gains_before_losses"] == yearGains.formatted(scale: 0, .down))
            #expect(figures["losses_in_year"] == (-yearLosses).formatted(scale: 0, .up))
            #expect(figures["taxable_gain"] == summary.taxableGain.formatted(scale: 0, .down))
            #expect(figures["losses_carried_forward"] == summary.carryforwardOut.total.formatted(scale: 0, .up))
            let text = summary.presentation.text(jurisdiction: .unitedKingdom, filing: .single)
            #expect(text.contains("disposal(s): proceeds \(sums.proceeds.groupedCents), allowable costs \(sums.costBasis.groupedCents)"))
            #expect(text.contains("  Gains \(yearGains.groupedCents), losses \(yearLosses.groupedCents), net \((yearGains + yearLosses).groupedCents)\n"))
            #expect(text.contains("taxable gain \(summary.taxableGain.groupedCents)\n"))
            // The estimate is the sum of the printed periods' tax.
            #expect(gains.estimatedTax == gains.ratePeriods.map(\.tax).sum())
            #expect(gains.ratePeriods.allSatisfy { $0.tax == PrintedMoney.rounded($0.tax) })
        }
    }

    @Test("Canada: Schedule 3's totals and lines are the printed rows' sums and the year summary's figures", arguments: seeds)
    func canada(seed: UInt64) throws {
        let (disposals, summaries) = try Self.books(.canada, seed: seed)
        for summary in summaries {
            let gains = try #require(summary.canadaGains)
            let rows = disposals.filter { $0.taxYear == summary.year }.map(PrintedDisposal.init)
            let sums = RowSums(rows)
            let csv = Schedule3.csv(year: summary.year, disposals: disposals, summary: summary, figures: gains)
            let total = try #require(lines(csv).map(csvFields).first { $0[0] == "15199" })
            #expect(total[4] == sums.proceeds.formatted(scale: 2, .towardZero) && total[5] == sums.costBasis.formatted(scale: 2, .towardZero))
            let byText = Self.amounts(csv, key: 2, amount: 7).compactMapValues { try? Money(parsing: $0) }
            func line(_ prefix: String) throws -> Money { try #require(byText.first { $0.key.hasPrefix(prefix) }?.value) }
            let net = try line("Total capital gains"), included = try line("Taxable capital gains"), applied = try line("Net capital losses of other years applied")
            #expect(net == sums.gains.net)
            let text = summary.presentation.text(jurisdiction: .canada, filing: .single)
            #expect(text.contains("disposal(s): proceeds \(sums.proceeds.groupedCents), allowable costs \(sums.costBasis.groupedCents)"))
            #expect(text.contains(", net \(net.groupedCents)\n"))
            // The taxable capital gain is line 12700 less line 25300, as printed.
            #expect(text.contains("of the net gain after losses of other years): \(max(.zero, included - applied).groupedCents)\n"))
            #expect(text.contains("Loss carried forward to \(summary.year + 1): \(try line("Net capital losses carried to next year").groupedCents)\n"))
        }
    }

    @Test("Australia: item 18's labels are the printed rows' sums, each step its printed parts, as the year summary says", arguments: seeds)
    func australia(seed: UInt64) throws {
        let (disposals, summaries) = try Self.books(.australia, seed: seed)
        for summary in summaries {
            let cgt = try #require(summary.australia)
            let rows = disposals.filter { $0.taxYear == summary.year }.map(PrintedDisposal.init)
            let sums = RowSums(rows)
            let byItem = Self.amounts(AustralianCGTReport.csv(year: summary.year, disposals: disposals, summary: summary, figures: cgt),
                                      key: 2, amount: 3).compactMapValues { try? Money(parsing: $0) }
            func item(_ prefix: String) throws -> Money { try #require(byItem.first { $0.key.hasPrefix(prefix) }?.value) }
            let totalGains = try item("Total current year capital gains"), losses = try item("Current year capital losses")
            let discount = try item("CGT discount"), netGain = try item("Net capital gain")
            let applied = try item("Losses applied to non-discountable") + item("Losses applied to discountable")
            #expect(totalGains == sums.gains.shortTermGains + sums.gains.longTermGains)
            #expect(losses == -(sums.gains.shortTermLosses + sums.gains.longTermLosses))
            // Label A is its printed parts: the gains left less the printed discount.
            #expect(netGain == totalGains - applied - discount)
            let text = summary.presentation.text(jurisdiction: .australia, filing: .single)
            // Capital proceeds are gross, and the cost base includes the incidental costs of disposal (s.110-25(3)).
            #expect(text.contains("  Capital proceeds \((sums.proceeds + sums.sellingCosts).groupedCents), "
                + "cost base \((sums.costBasis + sums.sellingCosts).groupedCents)"))
            #expect(text.contains("(18H): \(totalGains.groupedCents):"))
            #expect(text.contains("  CGT discount (50%): \(discount.groupedCents)\n  Net capital gain (18A): \(netGain.groupedCents)\n"))
            #expect(text.contains("(18V): \(try item("Net capital losses carried forward").groupedCents)\n"))
        }
    }

    @Test("Germany: Anlage SO's totals are the printed rows' sums, as the year summary says", arguments: seeds)
    func germany(seed: UInt64) throws {
        let (disposals, summaries) = try Self.books(.germany, seed: seed)
        for summary in summaries {
            let sales = try #require(summary.germany)
            let rows = disposals.filter { $0.taxYear == summary.year }.map(PrintedDisposal.init)
            let sums = RowSums(rows)
            let byLabel = Self.amounts(AnlageSOReport.csv(year: summary.year, disposals: disposals, summary: summary, figures: sales),
                                       key: 1, amount: AnlageSOReport.header.firstIndex(of: "gain")!).compactMapValues { try? Money(parsing: $0) }
            func label(_ prefix: String) throws -> Money { try #require(byLabel.first { $0.key.hasPrefix(prefix) }?.value) }
            let gains = try label("Private-sale gains"), losses = try label("Private-sale losses"), total = try label("Total (Gesamtgewinn)")
            #expect(gains == sums.gains.shortTermGains && losses == sums.gains.shortTermLosses && total == gains + losses)
            #expect(try label("Tax-free gains") == sums.gains.longTermGains)
            let text = summary.presentation.text(jurisdiction: .germany, filing: .single)
            #expect(text.contains("  Within one year: gains \(gains.groupedCents), losses \(losses.groupedCents), total \(total.groupedCents)\n"))
            #expect(text.contains("  Taxable private-sale income: \(try label("Taxable private-sale income").groupedCents)\n"))
            #expect(text.contains("(§23(3), §10d): \(try label("Loss carried forward").groupedCents)\n"))
        }
    }
}
