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

        @Option(help: ArgumentHelp(
            "The file format: auto (recognized by the header), harvest, or an exchange's (see `harvest formats`).",
            valueName: "name"))
        var format: String = "auto"

        @Option(help: "The wallet for rows whose wallet column is empty (default: the format's name, or the address for a block explorer's export).")
        var wallet: String?

        @Option(help: "For a block explorer's export: the wallet's own address (default: the one address present in every row).")
        var address: String?

        @Option(help: ArgumentHelp("A format file of your own (JSON, as in Sources/HarvestImport/Formats/).", valueName: "file"),
                completion: .file(extensions: ["json"]))
        var mapping: String?

        func validate() throws {
            if files.isEmpty { throw ValidationError("Name at least one file to import.") }
            let known = ["auto", "harvest"] + ExchangeFormats.builtIn.map(\.name)
            if mapping == nil && !known.contains(format.lowercased()) {
                throw ValidationError("Unknown format '\(format)'. Known: \(known.joined(separator: ", ")).")
            }
        }

        func run() throws {
            let workspace = try Workspace.open(global)
            var custom: ExchangeFormat?
            if let mapping {
                do {
                    let text = try readText(mapping)
                    custom = ExchangeFormat(try FormatSpec.decode(Data(text.utf8), file: mapping))
                } catch {
                    throw CommandFailure(messages: error.errors.map(\.description), code: .dataError)
                }
            }
            let options = ExchangeImporter.Options(
                zone: workspace.settings.zone, wallet: wallet, baseCurrency: workspace.settings.jurisdiction.baseCurrency, address: address)
            // Read and check every file before writing anything.
            var parsed: [(file: String, rows: ParsedImport)] = []
            var errors: [String] = []
            for file in files {
                do {
                    let t0 = Date()
                    let text = try readText(file)
                    let t1 = Date()
                    parsed.append((file, try parse(text, file: file, options: options, custom: custom)))
                    if ProcessInfo.processInfo.environment["HARVEST_PROFILE"] != nil { Console.error("read \(t1.timeIntervalSince(t0)) parse \(Date().timeIntervalSince(t1))") }
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
                let t2 = Date()
                let summary = try workspace.store.importTransactions(rows, file: file, importedAt: importedAt) { done, total in
                    Console.progress("\(file): \(done)/\(total) rows")
                }
                if ProcessInfo.processInfo.environment["HARVEST_PROFILE"] != nil { Console.error("store \(Date().timeIntervalSince(t2))") }
                Console.endProgress()
                for conflict in summary.conflicts { Console.error("warning: \(conflict)") }
                let skipped = rows.skipped.values.reduce(0, +)
                if rows.source != HarvestCSV.source { Console.error("\(file): read as \(rows.source)") }
                Console.out("\(file): \(summary.added) added, \(summary.duplicates) duplicate(s) skipped"
                    + (skipped == 0 ? "" : ", \(skipped) row(s) not imported")
                    + (summary.conflicts.isEmpty ? "" : ", \(summary.conflicts.count) conflict(s) kept as first imported") + "\n")
                for (reason, count) in rows.skipped.sorted(by: { $0.key < $1.key }) {
                    Console.error("  not imported: \(count) \(reason)")
                }
            }
        }

        func parse(_ text: String, file: String, options: ExchangeImporter.Options, custom: ExchangeFormat?) throws(ImportFailure) -> ParsedImport {
            if let custom {
                return try ExchangeImporter.parse(text, file: file, format: custom, options: options)
            }
            switch format.lowercased() {
            case "harvest":
                return try HarvestCSV.parse(text, file: file, zone: options.zone, defaultWallet: options.wallet)
            case "auto":
                var records = CSVReader(text).makeIterator()
                let header = records.next()?.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? []
                // The Harvest CSV; or close to it, when no exchange's format matches either: its parser names any
                // unknown column.
                let harvestLike = header.contains("timestamp") && header.contains("type")
                if harvestLike && ["sent_quantity", "received_quantity", "sent_asset", "received_asset"].contains(where: header.contains) {
                    return try HarvestCSV.parse(text, file: file, zone: options.zone, defaultWallet: options.wallet)
                }
                let detection = ExchangeFormats.detect(text)
                if case .unknown = detection, harvestLike && header.contains("wallet") {
                    return try HarvestCSV.parse(text, file: file, zone: options.zone, defaultWallet: options.wallet)
                }
                switch detection {
                case .found(let format, let line):
                    return try ExchangeImporter.parse(text, file: file, format: format, headerLine: line, options: options)
                case .unknown(let firstLine, let closest):
                    let shown = firstLine.prefix(8).joined(separator: ",") + (firstLine.count > 8 ? ",..." : "")
                    var message = "unrecognized format (first line: \(shown))"
                    if closest.isEmpty {
                        message += "; no known format shares its columns. Known: harvest, "
                            + ExchangeFormats.builtIn.map(\.name).joined(separator: ", ") + " (`harvest formats` lists them)"
                    } else {
                        message += "; closest known formats: " + closest.map { format in
                            let have = Set(firstLine.map(normalizedColumnName))
                            let missing = format.spec.header.filter { !have.contains(normalizedColumnName($0)) }
                            return "\(format.name) (missing \(missing.joined(separator: ", ")))"
                        }.joined(separator: "; ") + ". Name one with --format, or describe the file with --mapping"
                    }
                    throw ImportFailure([ImportError(file: file, line: 1, column: "", message: message)])
                }
            default:
                guard let known = ExchangeFormats.named(format) else {
                    throw ImportFailure([ImportError(file: file, line: 0, column: "", message: "unknown format '\(format)'")])
                }
                return try ExchangeImporter.parse(text, file: file, format: known, options: options)
            }
        }
    }
}

/// Reads a whole text file; a missing or unreadable file is a data error naming it.
func readText(_ path: String) throws(ImportFailure) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        let exists = FileManager.default.fileExists(atPath: path)
        throw ImportFailure([ImportError(file: path, line: 0, column: "", message: exists ? "cannot read the file" : "no such file")])
    }
    if let text = TextFile.decode(data) { return text }
    throw ImportFailure([ImportError(file: path, line: 0, column: "", message: "the file is not text (neither UTF-8 nor Windows-1252)")])
}
