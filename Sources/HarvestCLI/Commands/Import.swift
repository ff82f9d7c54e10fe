import ArgumentParser
import Foundation
import HarvestCore
import HarvestImport
import HarvestStore

extension HarvestCommand {
    /// `harvest import FILE...`
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import transactions: atomic per file, idempotent (a re-import adds nothing twice).",
            discussion: """
                Every bad cell of every file is reported as file:line: column: message, and then nothing is written.
                Rows are identified by (format, wallet, tx_id), or by a hash of their content where tx_id is empty.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("CSV files to import.", valueName: "file"), completion: .file(extensions: ["csv"]))
        var files: [String]

        @Option(help: "The file format: auto (recognized by the header) or harvest.")
        var format: ImportFormat = .auto

        @Option(help: "The wallet for rows whose wallet column is empty.")
        var wallet: String?

        func validate() throws {
            if files.isEmpty { throw ValidationError("Name at least one file to import.") }
        }

        func run() throws {
            let workspace = try Workspace.open(global)
            // Read and check every file before writing anything.
            var parsed: [(file: String, rows: ParsedImport)] = []
            var errors: [String] = []
            for file in files {
                do {
                    let text = try readText(file)
                    parsed.append((file, try parse(text, file: file, zone: workspace.settings.zone)))
                } catch {
                    errors += error.errors.map { $0.description }
                }
            }
            guard errors.isEmpty else {
                errors.append("nothing was imported: \(errors.count) error(s)")
                throw CommandFailure(messages: errors, code: .dataError)
            }
            let importedAt = ISO8601DateFormatter().string(from: Date())
            for (file, rows) in parsed {
                let summary = try workspace.store.importTransactions(rows, file: file, importedAt: importedAt) { done, total in
                    Console.progress("\(file): \(done)/\(total) rows")
                }
                Console.endProgress()
                for conflict in summary.conflicts { Console.error("warning: \(conflict)") }
                Console.out("\(file): \(summary.added) added, \(summary.duplicates) duplicate(s) skipped"
                    + (summary.conflicts.isEmpty ? "" : ", \(summary.conflicts.count) conflict(s) kept as first imported") + "\n")
            }
        }

        func parse(_ text: String, file: String, zone: TaxTimeZone) throws(ImportFailure) -> ParsedImport {
            var records = CSVReader(text).makeIterator()
            let header = records.next()?.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? []
            switch format {
            case .harvest:
                return try HarvestCSV.parse(text, file: file, zone: zone, defaultWallet: wallet)
            case .auto:
                // The Harvest CSV, or close to it: its parser names any unknown column.
                if header.contains("timestamp") && header.contains("type") {
                    return try HarvestCSV.parse(text, file: file, zone: zone, defaultWallet: wallet)
                }
                throw ImportFailure([ImportError(
                    file: file, line: 1, column: "",
                    message: "unrecognized format (header: \(header.prefix(6).joined(separator: ","))\(header.count > 6 ? ",..." : "")); "
                        + "known formats: harvest (\(HarvestCSV.columns.joined(separator: ",")))")])
            }
        }
    }

    enum ImportFormat: String, ExpressibleByArgument, CaseIterable {
        case auto, harvest
    }
}

/// Reads a whole text file; a missing or unreadable file is a data error naming it.
func readText(_ path: String) throws(ImportFailure) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        let exists = FileManager.default.fileExists(atPath: path)
        throw ImportFailure([ImportError(file: path, line: 0, column: "", message: exists ? "cannot read the file" : "no such file")])
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw ImportFailure([ImportError(file: path, line: 0, column: "", message: "the file is not UTF-8 text")])
    }
    return text
}
