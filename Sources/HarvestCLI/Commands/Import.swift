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

        @Argument(help: ArgumentHelp("CSV or XLSX files to import.", valueName: "file"), completion: .file(extensions: ["csv", "xlsx", "txt"]))
        var files: [String]

        @Option(help: ArgumentHelp(
            "The file format: auto (recognized by the header), harvest, or an exchange's (see `harvest formats`).",
            valueName: "name"), transform: ImportFormat.init(parsing:))
        var format: ImportFormat = .auto

        @Option(help: "The wallet for rows whose wallet column is empty (default: the format's name, or the address for a block explorer's export).")
        var wallet: String?

        @Option(help: "For a block explorer's export: the wallet's own address (default: the one address present in every row).")
        var address: String?

        @Option(help: ArgumentHelp("A format file of your own (JSON, as in Sources/HarvestImport/Formats/).", valueName: "file"),
                completion: .file(extensions: ["json"]))
        var mapping: String?

        @Flag(help: "Read and check the files and report what would be imported, without storing any transaction.")
        var dryRun = false

        func validate() throws {
            if files.isEmpty { throw ValidationError("Name at least one file to import.") }
        }

        func run() throws {
            // A dry run writes nothing anywhere: without a database it reads the files under the default settings.
            let path = try global.databasePath()
            let workspace: Workspace? = dryRun && !FileManager.default.fileExists(atPath: path)
                ? nil : try Workspace.open(global, create: true)
            let settings = workspace?.settings ?? Settings()
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
                zone: settings.zone, wallet: wallet, baseCurrency: settings.jurisdiction.baseCurrency, address: address)
            let importedAt = ISO8601DateFormatter().string(from: Date())
            // A Harvest CSV with derivative columns (issue 17): `Import+Derivatives.swift`.
            if try importWithDerivatives(workspace: workspace, options: options, importedAt: importedAt, custom: custom) { return }
            // One large file is written while it is read (both cores busy), in one transaction that a bad row rolls
            // back. Several files are all read and checked before any is written.
            if files.count == 1, let workspace, !dryRun, let file = files.first {
                let text: String
                do { text = try readImport(file, expecting: expectation(custom)) } catch { throw CommandFailure(messages: error.errors.map(\.description), code: .dataError) }
                if text.utf8.count > 4_000_000 {
                    switch try? resolve(text, file: file, custom: custom) {
                    case .harvest?:
                        try streamImport(file: file, source: HarvestCSV.source, importedAt: importedAt, workspace: workspace) { emit in
                            let duplicates = try HarvestCSV.stream(text, file: file, zone: options.zone, defaultWallet: options.wallet, emit: emit)
                            return (duplicates, [:])
                        }
                        return
                    case .exchange(let chosen, let headerLine)? where ExchangeImporter.canStream(chosen):
                        do {
                            try streamImport(file: file, source: chosen.name, importedAt: importedAt, workspace: workspace) { emit in
                                try ExchangeImporter.stream(
                                    text, file: file, format: chosen, headerLine: headerLine, options: options, chunkRows: 20_000, emit: emit)
                            }
                            return
                        } catch is ExchangeImporter.GroupsTooFarApart {
                            // A group's rows lie too far apart to stream (rolled back): read the file whole, below.
                            Console.endProgress()
                        }
                    default: break
                    }
                }
            }
            var parsed: [(file: String, rows: ParsedImport)] = []
            var errors: [String] = []
            for file in files {
                do {
                    let text = try readImport(file, expecting: expectation(custom))
                    parsed.append((file, try parse(text, file: file, options: options, custom: custom)))
                } catch {
                    errors += error.errors.map { $0.description }
                }
            }
            guard errors.isEmpty else {
                errors.append("nothing was imported: \(errors.count) error(s)")
                throw CommandFailure(messages: errors, code: .dataError)
            }
            for (file, rows) in parsed {
                guard let workspace, !dryRun else {
                    report(file: file, source: rows.source, summary: ImportSummary(added: 0, duplicates: rows.duplicatesInFile, conflicts: []),
                           skipped: rows.skipped, wouldAdd: rows.rows.count)
                    continue
                }
                let summary = try workspace.store.importTransactions(rows, file: file, importedAt: importedAt) { done, total in
                    Console.progress("\(file): \(done)/\(total) rows")
                }
                report(file: file, source: rows.source, summary: summary, skipped: rows.skipped)
            }
        }

        func report(file: String, source: String, summary: ImportSummary, skipped: [String: Int], wouldAdd: Int? = nil) {
            Console.endProgress()
            for conflict in summary.conflicts { Console.error("warning: \(conflict)") }
            let skippedRows = skipped.values.reduce(0, +)
            if source != HarvestCSV.source { Console.error("\(file): read as \(source)") }
            let added = wouldAdd.map { "\($0) row(s) read, nothing written (--dry-run)" } ?? "\(summary.added) added"
            Console.out("\(file): \(added), \(summary.duplicates) duplicate(s) skipped"
                + (skippedRows == 0 ? "" : ", \(skippedRows) row(s) not imported")
                + (summary.conflicts.isEmpty ? "" : ", \(summary.conflicts.count) conflict(s) kept as first imported") + "\n")
            for (reason, count) in skipped.sorted(by: { $0.key < $1.key }) {
                Console.error("  not imported: \(count) \(reason)")
            }
        }

        /// Reads on one thread and writes on another, chunk by chunk; any error rolls the whole file back.
        /// `read` runs on the other thread: it hands over chunks of rows, then says how many rows repeated an earlier
        /// one of the file and which it skipped.
        func streamImport(
            file: String, source: String, importedAt: String, workspace: Workspace,
            read: @escaping @Sendable (_ emit: ([ImportedRow]) -> Void) throws -> (duplicatesInFile: Int, skipped: [String: Int])
        ) throws {
            let result: (summary: ImportSummary, outcome: (duplicatesInFile: Int, skipped: [String: Int]))
            do {
                result = try workspace.store.importTransactions(
                    source: source, file: file, importedAt: importedAt, readingOnAnotherThread: read,
                    duplicatesInFile: { $0.duplicatesInFile }
                ) { done, _ in Console.progress("\(file): \(done) rows") }
            } catch {
                Console.endProgress()
                if let failure = error as? ImportFailure {
                    throw CommandFailure(messages: failure.errors.map(\.description) + ["nothing was imported: \(failure.errors.count) error(s)"],
                                         code: .dataError)
                }
                throw error
            }
            report(file: file, source: source, summary: result.summary, skipped: result.outcome.skipped)
        }

        /// Which sheet of a workbook to read: the one whose header is the named format's, or any known one's.
        func expectation(_ custom: ExchangeFormat?) -> ImportFile.Expectation {
            if let custom { return ImportFile.Expectation(harvest: false, formats: [custom]) }
            switch format {
            case .auto: return ImportFile.Expectation()
            case .harvest: return ImportFile.Expectation(harvest: true, formats: [])
            case .exchange(let known): return ImportFile.Expectation(harvest: false, formats: [known])
            case .derivatives: return ImportFile.Expectation.anything
            }
        }

        enum Resolved {
            case harvest
            case exchange(ExchangeFormat, headerLine: Int?)
        }

        /// Which parser reads `text`: the Harvest CSV or an exchange's format.
        func resolve(_ text: String, file: String, custom: ExchangeFormat?) throws(ImportFailure) -> Resolved {
            if let custom { return .exchange(custom, headerLine: nil) }
            switch format {
            case .harvest: return .harvest
            case .auto:
                var records = CSVReader(text).makeIterator()
                let header = records.next()?.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? []
                // The Harvest CSV; or close to it, when no exchange's format matches either: its parser names any
                // unknown column.
                let harvestLike = header.contains("timestamp") && header.contains("type")
                if harvestLike && ["sent_quantity", "received_quantity", "sent_asset", "received_asset"].contains(where: header.contains) {
                    return .harvest
                }
                switch ExchangeFormats.detect(text) {
                case .found(let format, let line): return .exchange(format, headerLine: line)
                case .unknown(let headerFields, let closest):
                    if harvestLike && header.contains("wallet") { return .harvest }
                    // The line that looks like the header (a preamble's lines passed over), not merely the first.
                    let likely = ExchangeFormats.likelyHeader(text)
                    let shown = headerFields.prefix(8).joined(separator: ",") + (headerFields.count > 8 ? ",..." : "")
                    var message = "unrecognized format (\(likely.line == 1 ? "first line" : "header line"): \(shown))"
                    if let advice = ExchangeFormats.partialExportAdvice(headerFields) {
                        throw ImportFailure([ImportError(file: file, line: likely.line, column: "", message: "\(message): \(advice)")])
                    }
                    if closest.isEmpty {
                        message += "; no known format shares its columns. Known: harvest, "
                            + ExchangeFormats.builtIn.map(\.name).joined(separator: ", ") + " (`harvest formats` lists them)"
                    } else {
                        let have = Set(headerFields.map(normalizedColumnName))
                        message += "; closest known formats: " + closest.map { format in
                            "\(format.name) (\(format.headerMismatch(have)))"
                        }.joined(separator: "; ") + ". Name one with --format, or describe the file with --mapping"
                    }
                    throw ImportFailure([ImportError(file: file, line: likely.line, column: "", message: message)])
                }
            case .exchange(let known):
                return .exchange(known, headerLine: nil)
            case .derivatives(let export):
                // Read by `importWithDerivatives` before this is asked.
                throw ImportFailure([ImportError(file: file, line: 1, column: "", message: "\(export.title) is a derivatives export")])
            }
        }

        func parse(_ text: String, file: String, options: ExchangeImporter.Options, custom: ExchangeFormat?) throws(ImportFailure) -> ParsedImport {
            switch try resolve(text, file: file, custom: custom) {
            case .harvest: return try HarvestCSV.parse(text, file: file, zone: options.zone, defaultWallet: options.wallet)
            case .exchange(let format, let headerLine):
                return try ExchangeImporter.parse(text, file: file, format: format, headerLine: headerLine, options: options)
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
    throw ImportFailure([ImportError(file: path, line: 0, column: "", message: TextFile.describeNonText(data))])
}

/// Reads a file to import: a text file (UTF-8, UTF-16 with a byte-order mark, Windows-1252; tab-separated text read as
/// CSV), or the sheet of an XLSX workbook that `expecting` recognises, as CSV text whose line N is the sheet's row N.
func readImport(_ path: String, expecting: ImportFile.Expectation) throws(ImportFailure) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        let exists = FileManager.default.fileExists(atPath: path)
        throw ImportFailure([ImportError(file: path, line: 0, column: "", message: exists ? "cannot read the file" : "no such file")])
    }
    let read = try ImportFile.read(data, file: path, at: URL(fileURLWithPath: path), expecting: expecting)
    if read.sheetCount > 1, let sheet = read.sheet { Console.error("\(path): read the sheet '\(sheet)' (of \(read.sheetCount)); lines are its rows") }
    return read.text
}

/// `import --format`: recognized by the header, the Harvest CSV, or one of the exchange formats (`harvest formats`).
enum ImportFormat {
    case auto
    case harvest
    case exchange(ExchangeFormat)
    /// An exchange's derivatives export (`Sources/HarvestImport/Derivatives/`): its name wins over a spot format's.
    case derivatives(DerivativeExportFormat)

    init(parsing name: String) throws {
        switch name.lowercased() {
        case "auto": self = .auto
        case "harvest": self = .harvest
        default:
            if let export = DerivativeExports.named(name) {
                self = .derivatives(export)
                return
            }
            guard let format = ExchangeFormats.named(name) else {
                let known = ["auto", "harvest"] + Set(ExchangeFormats.builtIn.map(\.name) + DerivativeExports.all.map(\.name)).sorted()
                throw ValidationError("unknown format: known are \(known.joined(separator: ", "))")
            }
            self = .exchange(format)
        }
    }
}
