import ArgumentParser
import HarvestCore
import HarvestStore

extension HarvestCommand {
    /// `harvest imports [--format F]`, `harvest imports undo BATCH`
    struct Imports: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The import batches (one per file imported, or per `tx add`), and undoing one.",
            subcommands: [List.self, Undo.self], defaultSubcommand: List.self)

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list",
                abstract: "List the import batches: file, source, when, rows added, duplicates and conflicts, rows still stored.")

            @OptionGroup var global: GlobalOptions

            @Option(help: "How to write the list.")
            var format: OutputFormat = .table

            func run() throws {
                let workspace = try Workspace.open(global)
                let batches = try workspace.store.importBatches()
                switch format {
                case .table:
                    Console.out(batches.isEmpty ? "No imports.\n" : LedgerText.batchTable(batches))
                    if !batches.isEmpty { Console.error("`harvest imports undo BATCH` removes a batch's rows") }
                case .csv: Console.out(LedgerText.batchCSV(batches))
                case .json: Console.out(LedgerText.batchJSON(batches))
                }
            }
        }

        struct Undo: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Remove one import batch and every row it added, at once (all or nothing).",
                discussion: """
                    Your edits and transfer decisions about the removed rows are kept, keyed by the rows' identity (format, \
                    wallet, id): they wait, and apply again if the same rows are imported again (`harvest transfers` reports \
                    such decisions as not applying meanwhile). Rows of other batches are untouched, even when the batch \
                    skipped them as duplicates.
                    """)

            @OptionGroup var global: GlobalOptions

            @Argument(help: ArgumentHelp("The batch number, as `harvest imports` lists it.", valueName: "batch"))
            var batch: Int64

            func run() throws {
                let workspace = try Workspace.open(global)
                guard let undone = try workspace.store.undoImport(batch) else {
                    throw CommandFailure.data("error: no import batch \(batch) (`harvest imports` lists them)")
                }
                let source = undone.batch
                Console.out("undid import batch \(source.id) (\(source.file), \(source.source), imported \(source.importedAt)): "
                    + "removed \(undone.removed) row(s)\n")
                if undone.dormantEdits > 0 || undone.dormantDecisions > 0 {
                    Console.out("kept \(undone.dormantEdits) edit(s) and \(undone.dormantDecisions) transfer decision(s) about them: "
                        + "they apply again if the same rows are imported again\n")
                }
            }
        }
    }
}
