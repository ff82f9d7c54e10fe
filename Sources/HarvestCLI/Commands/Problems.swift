import ArgumentParser
import HarvestCore
import HarvestReports
import HarvestStore

extension HarvestCommand {
    /// `harvest problems`: what stands between the user and a complete report, with the command that resolves each.
    struct Problems: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What stands between you and a complete report: missing prices, missing acquisitions, unmatched transfers, "
                + "stale prices, ranked by how much gain or loss depends on each, with the command that resolves it.",
            discussion: """
                The history is replayed once with every gap computed through (missing basis and missing prices taken as zero, \
                each noted), so every problem shows at once. Missing prices stop every report and come first; the others are \
                computed through with a warning and flagged rows. Effects are in the base currency; an effect for missing \
                prices is estimated from the nearest close.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The day holdings are valued on, for stale prices (default: today).", valueName: "date"))
        var asOf: DateArgument?

        @Option(help: "How to write the list.")
        var format: OutputFormat = .table

        func run() throws {
            let workspace = try Workspace.open(global)
            let settings = workspace.settings
            let problems = try workspace.problems(settings, asOf: asOf?.date ?? workspace.today())
            let text = ProblemsText(problems: problems, base: settings.jurisdiction.baseCurrency, missingBasisIsError: !settings.policy.allowMissingBasis)
            switch format {
            case .table:
                Console.out(text.table())
                if !problems.isEmpty {
                    let blocking = problems.filter(\.kind.blocksReports).count
                    Console.error("\(problems.count) problem(s)" + (blocking == 0 ? "; reports are produced with warnings meanwhile"
                        : ", \(blocking) of which stop every report") + ". `harvest tx show REF` shows a row in full.")
                }
            case .csv: Console.out(text.csv())
            case .json: Console.out(text.json())
            }
        }
    }
}

extension Workspace {
    /// Every problem of the stored history under `settings`, from one lenient replay (`ProblemFinder`).
    func problems(_ settings: Settings, asOf: CivilDate) throws -> [Problem] {
        let history = try history(settings)
        let links = try store.transferLinks()
        let transfers = TransferMatcher.resolve(consume history, rules: settings.effectiveTransferRules, links: links)
        try Workspace.checkMethods(settings)
        var policy = settings.effectivePolicy
        policy.allowMissingBasis = true
        policy.unpricedAtZero = true
        let prices = try prices(settings)
        let result = try LotEngine.run(transfers.transactions, prices: prices, policy: policy, jurisdiction: settings.jurisdiction)
        return ProblemFinder.find(ProblemFinder.Input(
            result: result, unmatched: transfers.unmatched, prices: prices, base: settings.jurisdiction.baseCurrency, asOf: asOf,
            staleAfterDays: settings.stalePriceDays))
    }
}
