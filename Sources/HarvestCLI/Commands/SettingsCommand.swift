import ArgumentParser
import HarvestCore
import HarvestImport
import HarvestStore

extension HarvestCommand {
    /// `harvest settings [set KEY VALUE | unset KEY]`
    struct SettingsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "settings",
            abstract: "Show or change the settings stored in the database (method and scope per year, time zone, filing status...).",
            subcommands: [Show.self, Set.self, Unset.self], defaultSubcommand: Show.self)

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show the settings and the keys.")
            @OptionGroup var global: GlobalOptions

            func run() throws {
                let workspace = try Workspace.open(global)
                let stored = try workspace.store.settings()
                var out = stored.isEmpty ? "No settings: the defaults apply.\n" : ""
                for (key, value) in stored.sorted(by: { $0.key < $1.key }) { out += "\(key) = \(value)\n" }
                out += "\nKeys:\n" + Settings.keys.map { "  \($0.key): \($0.help)" }.joined(separator: "\n") + "\n"
                Console.out(out)
            }
        }

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Set a key, e.g. `harvest settings set method.2024 hifo`.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The key.") var key: String
            @Argument(help: "The value.") var value: String

            func run() throws {
                let workspace = try Workspace.open(global)
                var settings = workspace.settings
                try settings.apply(key, value)
                if key == "timezone" {
                    // The tax day of every stored row follows the tax time zone.
                    try retimeTaxDates(workspace, zone: settings.zone)
                }
                try workspace.store.setSetting(key, value)
                Console.out("\(key) = \(value)\n")
            }
        }

        struct Unset: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove a key: its default applies again.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The key.") var key: String

            func run() throws {
                let workspace = try Workspace.open(global)
                if key == "timezone" { try retimeTaxDates(workspace, zone: .utc) }
                try workspace.store.setSetting(key, nil)
                Console.out("\(key) removed\n")
            }
        }
    }
}

/// Recomputes every stored row's instant and tax day for a new tax time zone.
private func retimeTaxDates(_ workspace: Workspace, zone: TaxTimeZone) throws {
    // A time without an offset, or a bare date (midnight), is a wall-clock time in the tax zone: its instant
    // moves with the zone. A time with an offset or `Z` keeps its instant, and falls on its day in `zone`.
    let times = try workspace.store.timestamps().map { row in
        let parsed = Timestamp.parse(row.text, zone: zone)
        let instant = parsed?.instant ?? row.instant
        let date = parsed.map { $0.dateOnly ? $0.writtenDate : zone.date(of: $0.instant) } ?? zone.date(of: row.instant)
        return (rowID: row.rowID, instant: instant, date: date)
    }
    try workspace.store.updateTaxTimes(times)
}
