import ArgumentParser
import HarvestCore

extension HarvestCommand {
    /// `harvest wash-check [--as-of DATE]`
    struct WashCheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "wash-check",
            abstract: "What a sale or a buy today would trigger under the wash-sale rule, asset by asset.",
            discussion: """
                For each asset: acquisitions of the kinds the rule counts (US: purchases and trades, not income such as \
                staking rewards; the UK's, Canada's and Australia's advice: income too) in the window before the day, which \
                a loss sale today would meet, and losses sold in the window, which a purchase today would defer. Whether the rule reaches the asset (securities; crypto only with wash-sale-crypto on) is said.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: ArgumentHelp("The day to check, YYYY-MM-DD (default: today).", valueName: "date"))
        var asOf: DateArgument?

        @Option(help: ArgumentHelp("Also check under these countries' wash-sale-style rules: uk, ca, au.", valueName: "codes"),
                transform: ArgumentValue.advisable)
        var warnFor: [Jurisdiction] = []

        func run() throws {
            let workspace = try Workspace.open(global)
            let asOf = self.asOf?.date ?? workspace.today()
            var settings = workspace.settings
            replay.apply(to: &settings)
            let rule = settings.washSale ?? WashSaleRule(appliesTo: [], effect: .advise)
            // The losses of recent sales, within the longest window checked, come from the replay through the day.
            let rules = [rule] + warnFor.compactMap(\.advisory?.rule)
            let window = rules.map(\.daysAfter).max() ?? rule.daysAfter
            let from = asOf.adding(days: -window)
            // From the stored checkpoint when the day is at or after the end of the data: the last days' transactions and
            // the disposals of the years the window reaches.
            let transactions: [Transaction], disposals: [Disposal]
            if let view = try workspace.replayView(replay, asOf: asOf), let tailStart = view.summary.tailStart,
               rules.allSatisfy({ asOf.adding(days: -max($0.daysBefore, $0.daysAfter)) >= tailStart }) {
                transactions = try view.tail()
                let firstYear = settings.jurisdiction.taxYear.year(of: from)
                disposals = try view.summary.activityYears.filter { $0 >= firstYear }.flatMap { try view.disposals(year: $0) }
            } else {
                let replayed = try workspace.replay(replay, through: asOf)
                (transactions, disposals) = (replayed.transactions, replayed.result.disposals)
            }
            var losses: [String: Money] = [:]
            for disposal in disposals where disposal.dateDisposed >= from {
                losses[disposal.disposalTransactionID, default: .zero] -= disposal.gain
            }
            let check = WashSaleCheck.check(transactions, asOf: asOf, rule: rule, classes: settings.assetClasses, losses: losses)
            Console.out(WashCheckText.render(check, asOf: asOf, rule: rule, jurisdiction: settings.jurisdiction))
            for advisory in warnFor.compactMap(\.advisory) {
                let advice = WashSaleCheck.check(
                    transactions, asOf: asOf, rule: advisory.rule, classes: settings.assetClasses, losses: losses)
                Console.out("\n\(advisory.name) (advice: \(advisory.note))\n")
                Console.out(WashCheckText.render(advice, asOf: asOf, rule: advisory.rule, jurisdiction: settings.jurisdiction)
                    .split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n"))
            }
        }
    }
}
