import Foundation
import HarvestCore
import HarvestImport
import HarvestStore

extension HarvestCommand.Import {
    /// Imports the files when any is a Harvest CSV with derivative columns (README "Derivatives in the Harvest CSV"):
    /// its spot rows as any Harvest CSV's, its instruments and derivative events into their own tables. Every file is
    /// read and checked before any is written. Returns false, having done nothing, when no file has derivative columns.
    func importWithDerivatives(workspace: Workspace?, options: ExchangeImporter.Options, importedAt: String, custom: ExchangeFormat?) throws -> Bool {
        guard custom == nil else { return false }
        if case .exchange = format { return false }
        // Only the first line of each file is looked at first: an import without derivatives reads nothing twice.
        guard files.contains(where: { file in
            if case .derivatives = format { return true }
            guard let header = Self.headerLine(of: file) else { return false }
            return HarvestDerivativesCSV.hasDerivativeColumns(header) || (isAuto && DerivativeExports.detect(header) != nil)
        }) else { return false }
        var texts: [(file: String, text: String)] = []
        var errors: [String] = []
        for file in files {
            do {
                texts.append((file, try readImport(file, expecting: expectation(custom))))
            } catch {
                errors += error.errors.map(\.description)
            }
        }
        // Each file with the source its import batch names when it has no spot rows.
        var parsed: [(file: String, source: String, spot: ParsedImport?, derivatives: ParsedDerivatives)] = []
        for (file, text) in texts {
            do {
                if let export = derivativeExport(text) {
                    let read = try DerivativeExports.parse(text, file: file, format: export, zone: options.zone, wallet: options.wallet)
                    let spot = read.spot.rows.isEmpty && read.spot.skipped.isEmpty ? nil : read.spot
                    // A file with spot rows says how it was read with their report.
                    if spot == nil { Console.error("\(file): read as \(export.name)") }
                    parsed.append((file, export.name, spot, read.derivatives))
                } else if HarvestDerivativesCSV.hasDerivativeColumns(text) {
                    let split = try HarvestDerivativesCSV.split(text, file: file, zone: options.zone, defaultWallet: options.wallet,
                                                                baseCurrency: options.baseCurrency)
                    let spot = try split.spotText.map { text throws(ImportFailure) in
                        try HarvestCSV.parse(text, file: file, zone: options.zone, defaultWallet: options.wallet)
                    }
                    parsed.append((file, HarvestCSV.source, spot, split.derivatives))
                } else {
                    let spot = try parse(text, file: file, options: options, custom: custom)
                    parsed.append((file, spot.source, spot, ParsedDerivatives()))
                }
            } catch {
                errors += error.errors.map(\.description)
            }
        }
        guard errors.isEmpty else {
            throw CommandFailure(messages: errors + ["nothing was imported: \(errors.count) error(s)"], code: .dataError)
        }
        for (file, source, spot, derivatives) in parsed {
            let events = derivatives.events.count, instruments = derivatives.instruments.count
            guard let workspace, !dryRun else {
                Console.out("\(file): \(spot?.rows.count ?? 0) row(s) and \(events) derivative event(s) read, nothing written (--dry-run)\n")
                continue
            }
            let rows = ParsedDerivativeRows(instruments: derivatives.instruments,
                                            events: derivatives.events.map { ($0.event, $0.timestampText, $0.dateOnly) })
            // The file's spot rows and its derivative rows in one database transaction: all of it or nothing.
            let summary: (spot: ImportSummary?, derivatives: DerivativeImportSummary)
            do {
                summary = try workspace.store.importWithDerivatives(spot: spot, derivatives: rows, file: file, source: source, importedAt: importedAt)
            } catch let error as StoreError {
                throw CommandFailure.data("error: \(error)\nnothing was imported from \(file)")
            }
            if let spot, let spotSummary = summary.spot {
                report(file: file, source: spot.source, summary: spotSummary, skipped: spot.skipped)
            }
            guard events > 0 || instruments > 0 else { continue }
            Console.out("\(file): \(summary.derivatives.eventsAdded) derivative event(s) added, \(summary.derivatives.duplicates) duplicate(s) skipped, "
                + "\(summary.derivatives.instrumentsAdded) instrument(s) added\n")
        }
        return true
    }

    var isAuto: Bool {
        if case .auto = format { return true }
        return false
    }

    /// The exchange derivatives export `text` is (README "Derivatives from exchange exports"): the one named with
    /// `--format`, else the one its header is.
    func derivativeExport(_ text: String) -> DerivativeExportFormat? {
        switch format {
        case .derivatives(let named): named
        case .auto: DerivativeExports.detect(text)
        default: nil
        }
    }

    /// The first line of a file (at most its first 64 KB), or nil when it cannot be read: a cheap look at its header.
    static func headerLine(of path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 65_536) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        return String(text.prefix { $0 != "\n" && $0 != "\r\n" }) + "\n"
    }
}
