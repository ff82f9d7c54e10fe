import ArgumentParser
import Foundation
import HarvestCore
import HarvestReports

extension HarvestCommand {
    /// `harvest plan [--as-of DATE] [--realize-loss X]`
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The harvest plan: which lots to sell today, what each saves after costs, and when not to buy back.",
            discussion: """
                Every open lot is valued at the as-of close. A loss is worth the tax it saves this year (given the gains \
                realized so far), less the present value of the tax on the replacement's lower basis, less the round-trip \
                costs. The plan is the set of lots (part of a lot where that helps) worth the most together, each adding at least \
                --min-benefit, within the lot-selection method of the year (--method). Rates and assumptions: \
                `harvest profile`. See the README's "The value model" for a worked example.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: ArgumentHelp("The day of the plan, YYYY-MM-DD (default: today).", valueName: "date"))
        var asOf: DateArgument?

        @Option(help: ArgumentHelp("Realize exactly this much loss (e.g. this year's gains plus 3,000).", valueName: "amount"),
                transform: ArgumentValue.amount)
        var realizeLoss: Money?

        @Option(help: ArgumentHelp("The smallest net benefit worth a trade.", valueName: "amount"), transform: ArgumentValue.amount)
        var minBenefit: Money = 10

        @Option(help: ArgumentHelp("The smallest net benefit worth a plan.", valueName: "amount"), transform: ArgumentValue.amount)
        var minTotal: Money = .zero

        @Option(help: ArgumentHelp("Suggest replacements only among these assets, e.g. SOL,AVAX,LINK (default: any priced asset).", valueName: "assets"),
                transform: ArgumentValue.assets)
        var replacements: [Asset]?

        @Option(help: ArgumentHelp("Rebalance to these weights while harvesting, e.g. \"BTC=0.5,ETH=0.3,SOL=0.2\" (they add up to 1).", valueName: "weights"),
                transform: ArgumentValue.weights)
        var target: [Asset: Fixed]?

        @Option(help: "Days of daily returns the replacement's correlation is measured over (10 to 3650).")
        var lookback: Int = 90

        @Option(help: ArgumentHelp("Also warn under these countries' wash-sale-style rules: uk, ca, au.", valueName: "codes"),
                transform: ArgumentValue.advisable)
        var warnFor: [Jurisdiction] = []

        @Flag(help: "Wait for the right day (the timing `harvest backtest` measures as `planner`): before the tax year's last eight days, sell only losses deep for their asset's volatility; in those days, every loss that pays.")
        var timing = false

        @Option(help: "How to write the plan.")
        var format: OutputFormat = .table

        func validate() throws {
            guard (10...3650).contains(lookback) else { throw ValidationError("--lookback takes 10 to 3650 days, not \(lookback).") }
        }

        func run() throws {
            let workspace = try Workspace.open(global)
            let (plan, request) = try make(in: workspace)
            // With the derivatives' part (Plan+Derivatives.swift).
            Console.out(try output(plan, request: request, workspace: workspace))
        }

        /// The plan these options ask for, with its request (the dashboard's harvest page makes it the same way).
        func make(in workspace: Workspace) throws -> (HarvestPlan, PlanRequest) {
            var request = try workspace.planRequest(replay, asOf: asOf?.date ?? workspace.today())
            request.realizeLoss = realizeLoss
            request.minimumBenefitPerTrade = minBenefit
            request.minimumBenefitTotal = minTotal
            request.correlationLookbackDays = lookback
            request.targetWeights = target
            request.advisoryRules = warnFor.map(\.code)
            request.replacementCandidates = replacements.map(Set.init)
            if timing { request.timing = HarvestTiming() }
            return (HarvestPlanner.plan(request), request)
        }
    }
}
