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
                let workspace = try Workspace.open(global, create: true)
                var settings = workspace.settings
                try settings.apply(key, value)
                // The tax time zone and the base currency apply when the history is replayed (`Workspace.history`).
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
                try workspace.store.setSetting(key, nil)
                Console.out("\(key) removed\n")
            }
        }
    }
}
