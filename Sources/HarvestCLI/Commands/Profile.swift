import ArgumentParser
import HarvestCore
import HarvestImport
import HarvestStore

extension HarvestCommand {
    /// `harvest profile [set --filing F --short-rate R ...]`
    struct Profile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The tax profile the plan is valued with: filing status, rates, carryforward, horizon, costs.",
            subcommands: [Show.self, Set.self], defaultSubcommand: Show.self)

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show the profile in force.")
            @OptionGroup var global: GlobalOptions

            func run() throws {
                let settings = try Workspace.open(global).settings
                let p = settings.profile
                Console.out("""
                    filing: \(settings.filing.rawValue)
                    short-rate: \(p.shortRate)  long-rate: \(p.longRate)  state-rate: \(p.stateRate)
                    carryforward-short: \(settings.carryforward.shortTerm)  carryforward-long: \(settings.carryforward.longTerm) (into the first year of the data)
                    discount-rate: \(p.discountRate)  horizon-years: \(p.horizonYears)  exit: \(p.exit.rawValue)
                    fee-bps: \(settings.costs.feeBasisPoints)  slippage-bps: \(settings.costs.slippageBasisPoints)
                    taxable-income: \(taxableIncome(p))

                    """)
            }

            /// Each year's taxable income, or what applies without one.
            func taxableIncome(_ profile: TaxProfile) -> String {
                guard !profile.taxableIncomeByYear.isEmpty else {
                    return "not set (the carryover worksheet's cap is assumed not to bind)"
                }
                return profile.taxableIncomeByYear.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            }
        }

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set profile values, e.g. `harvest profile set --filing single --short-rate 0.35 --long-rate 0.15`.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "The filing status (mfs: married filing separately, $1,500 loss limit).") var filing: FilingStatus?
            @Option(help: "Marginal rate on short-term gains and ordinary income, e.g. 0.35.") var shortRate: String?
            @Option(help: "Marginal rate on long-term gains, e.g. 0.15.") var longRate: String?
            @Option(help: "State rate added to both, e.g. 0.05.") var stateRate: String?
            @Option(help: "Short-term loss carried into the first year of the data.") var carryforwardShort: String?
            @Option(help: "Long-term loss carried into the first year of the data.") var carryforwardLong: String?
            @Option(help: "Discount rate for tax paid later, e.g. 0.05.") var discountRate: String?
            @Option(help: "Years until a replacement is sold.") var horizonYears: String?
            @Option(help: "sell (after the horizon) or never (donation or step-up).") var exit: TaxProfile.Exit?
            @Option(help: "Venue fee in basis points.") var feeBps: String?
            @Option(help: "Spread and slippage in basis points.") var slippageBps: String?
            @Option(help: "The tax year --taxable-income is for.") var year: Int?
            @Option(
                parsing: .unconditional,
                help: """
                    US: that year's taxable income (Form 1040 line 15; negative when deductions exceed income: line 11 minus \
                    line 14), the capital loss carryover worksheet's line 1, e.g. --year 2024 --taxable-income -2000.
                    """)
            var taxableIncome: String?

            func validate() throws {
                if (year == nil) != (taxableIncome == nil) {
                    throw ValidationError("Give --year and --taxable-income together: the taxable income is that tax year's.")
                }
            }

            func run() throws {
                let workspace = try Workspace.open(global, create: true)
                let pairs: [(String, String?)] = [
                    ("filing", filing?.rawValue), ("short-rate", shortRate), ("long-rate", longRate), ("state-rate", stateRate),
                    ("carryforward-short", carryforwardShort), ("carryforward-long", carryforwardLong), ("discount-rate", discountRate),
                    ("horizon-years", horizonYears), ("exit", exit?.rawValue), ("fee-bps", feeBps), ("slippage-bps", slippageBps),
                    (year.map { "taxable-income.\($0)" } ?? "taxable-income", taxableIncome),
                ]
                let given = pairs.compactMap { key, value in value.map { (key, $0) } }
                guard !given.isEmpty else { throw CommandFailure.usage("error: give at least one value to set (see --help)") }
                // Check every value before storing any.
                var settings = workspace.settings
                for (key, value) in given { try settings.apply(key, value) }
                for (key, value) in given {
                    try workspace.store.setSetting(key, value)
                    Console.out("\(key) = \(value)\n")
                }
            }
        }
    }
}
