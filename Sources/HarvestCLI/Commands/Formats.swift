import ArgumentParser
import HarvestImport

extension HarvestCommand {
    /// `harvest formats`: what `harvest import` recognizes.
    struct Formats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the file formats `harvest import` recognizes, and the columns that identify each.")

        @Flag(help: "Also list the columns each format is recognized by.")
        var columns = false

        @Flag(help: "Print the exchange and wallet formats as the Markdown table the README holds.")
        var markdown = false

        func run() throws {
            if markdown {
                Console.out(ExchangeFormats.markdownTable())
                return
            }
            var table = TextTable(headers: columns ? ["format", "what", "recognized by"] : ["format", "what"], leftAligned: [0, 1, 2])
            table.add(["harvest", "the Harvest CSV (DESIGN.md)"] + (columns ? [HarvestCSV.columns.joined(separator: ",")] : []))
            for format in ExchangeFormats.builtIn {
                table.add([format.name, format.spec.title] + (columns ? [format.spec.header.joined(separator: ",")] : []))
            }
            // The derivatives exports (README "Derivatives from exchange exports"), read by their own rules.
            for format in DerivativeExports.all {
                table.add([format.name, format.title + " (derivatives)"] + (columns ? [format.headers.first?.joined(separator: ",") ?? ""] : []))
            }
            Console.out(table.render())
        }
    }
}
