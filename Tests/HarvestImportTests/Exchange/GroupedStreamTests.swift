import Foundation
import HarvestCore
import HarvestImport
import HarvestTestSupport
import Testing

/// Formats whose rows combine by a group id (Coinbase's two-row Converts, Kraken's ledger, Binance's rows of one second,
/// ...) read in chunks give what reading the whole file gives: the same rows in the same order with the same ids, the
/// same duplicates and skipped rows, the same errors. A group whose rows lie further apart than the horizon stops the
/// streamed reading (the caller then reads the file whole), and never changes what it gives.
@Suite("Grouped formats stream as they read whole")
struct GroupedStreamTests {
    /// What a reading gave: the rows and counts, or the errors.
    enum Outcome: Equatable {
        case rows([ImportedRow], duplicates: Int, skipped: [String: Int])
        case errors([String])
        case groupsTooFarApart
    }

    static func whole(_ text: String, format: ExchangeFormat, headerLine: Int?, options: ExchangeImporter.Options) -> Outcome {
        do {
            let parsed = try ExchangeImporter.parse(text, file: "f.csv", format: format, headerLine: headerLine, options: options)
            return .rows(parsed.rows, duplicates: parsed.duplicatesInFile, skipped: parsed.skipped)
        } catch {
            return .errors(error.errors.map(\.description))
        }
    }

    static func streamed(
        _ text: String, format: ExchangeFormat, headerLine: Int?, options: ExchangeImporter.Options, chunkRows: Int, horizon: Int
    ) -> Outcome {
        var rows: [ImportedRow] = []
        do {
            let result = try ExchangeImporter.stream(
                text, file: "f.csv", format: format, headerLine: headerLine, options: options, chunkRows: chunkRows,
                groupHorizonRows: horizon) { rows += $0 }
            return .rows(rows, duplicates: result.duplicatesInFile, skipped: result.skipped)
        } catch let failure as ImportFailure {
            return .errors(failure.errors.map(\.description))
        } catch is ExchangeImporter.GroupsTooFarApart {
            return .groupsTooFarApart
        } catch {
            return .errors(["\(error)"])
        }
    }

    /// Checks one file both ways, at several chunk sizes and horizons; returns what the whole reading gave.
    @discardableResult
    static func check(_ text: String, options: ExchangeImporter.Options = .init(), sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
        -> Outcome
    {
        guard case .found(let format, let headerLine) = ExchangeFormats.detect(text) else {
            Issue.record("not recognised", sourceLocation: sourceLocation)
            return .errors([])
        }
        let whole = Self.whole(text, format: format, headerLine: headerLine, options: options)
        for chunkRows in [1, 3, 1_000] {
            for horizon in [1, 2, 5, ExchangeImporter.groupHorizonRows] {
                let streamed = Self.streamed(text, format: format, headerLine: headerLine, options: options, chunkRows: chunkRows, horizon: horizon)
                // A short horizon may give up; it never gives anything else than the whole reading.
                if streamed == .groupsTooFarApart && horizon < ExchangeImporter.groupHorizonRows { continue }
                #expect(streamed == whole, "\(format.name), chunks of \(chunkRows), horizon \(horizon)", sourceLocation: sourceLocation)
            }
        }
        return whole
    }

    /// Coinbase's 2025 layout: two Converts (rows of one ID), one with a Buy between its rows, a Buy, and a row repeated.
    static let coinbase = """
        Transactions
        User,Someone,00000000-0000-0000-0000-000000000000
        ID,Timestamp,Transaction Type,Asset,Quantity Transacted,Price Currency,Price at Transaction,Subtotal,Total (inclusive of fees and/or spread),Fees and/or Spread,Notes
        c1,2025-01-02 10:00:00 UTC,Convert,BTC,-0.01,USD,$90000,$900,$900,$0,
        c1,2025-01-02 10:00:00 UTC,Convert,ETH,0.25,USD,$3600,$900,$900,$0,
        b1,2025-01-02 11:00:00 UTC,Buy,SOL,2,USD,$200,$400,$404,$4,Bought 2 SOL
        c2,2025-01-03 10:00:00 UTC,Convert,ETH,-0.1,USD,$3600,$360,$360,$0,
        b2,2025-01-03 10:00:00 UTC,Buy,SOL,1,USD,$200,$200,$202,$2,Bought 1 SOL
        c2,2025-01-03 10:00:00 UTC,Convert,SOL,1.8,USD,$200,$360,$360,$0,
        b3,2025-01-04 10:00:00 UTC,Buy,SOL,1,USD,$200,$200,$202,$2,Bought 1 SOL
        b3,2025-01-04 10:00:00 UTC,Buy,SOL,1,USD,$200,$200,$202,$2,Bought 1 SOL

        """

    @Test("Coinbase Converts: the same rows, ids and duplicates in chunks of every size; a far group gives up at a short horizon")
    func coinbaseConverts() throws {
        let whole = try Self.check(Self.coinbase)
        guard case .rows(let rows, let duplicates, _) = whole else {
            Issue.record("expected rows, got \(whole)")
            return
        }
        // c1 and c2 are each one trade, in the place of their first row: c1, b1, c2, b2, b3 (b3's repeat a duplicate)
        #expect(rows.map(\.transaction.id) == ["c1", "b1", "c2", "b2", "b3"])
        #expect(rows.map(\.transaction.kind) == [.trade, .buy, .trade, .buy, .buy])
        #expect(duplicates == 1)
        // c2's rows have b2 between them: a horizon of one row hands c2 over before its second row comes
        guard case .found(let format, let headerLine) = ExchangeFormats.detect(Self.coinbase) else { return }
        #expect(Self.streamed(Self.coinbase, format: format, headerLine: headerLine, options: .init(), chunkRows: 1, horizon: 1)
            == .groupsTooFarApart)
    }

    @Test("errors in a grouped file are the same, in the same order, streamed or not")
    func errorsAlike() throws {
        // A Convert whose second row has no quantity (half a trade, found when its transactions are made) and an id used
        // again by another row (found when they are settled)
        let text = Self.coinbase.replacingOccurrences(of: "c1,2025-01-02 10:00:00 UTC,Convert,ETH,0.25,", with: "c1,2025-01-02 10:00:00 UTC,Convert,ETH,,")
            + "b1,2025-01-05 11:00:00 UTC,Buy,SOL,3,USD,$200,$600,$606,$6,Bought 3 SOL\n"
        guard case .errors(let errors) = try Self.check(text) else {
            Issue.record("expected errors")
            return
        }
        #expect(errors.count == 2)
        #expect(errors.first?.hasPrefix("f.csv:4: ") == true && errors.last?.hasPrefix("f.csv:12: ID: id 'b1' is already used") == true)

        // And with a row's own error besides (an unknown type), that alone is reported, streamed or not
        let withTypo = text.replacingOccurrences(of: "b2,2025-01-03 10:00:00 UTC,Buy,", with: "b2,2025-01-03 10:00:00 UTC,Teleport,")
        guard case .errors(let rowErrors) = try Self.check(withTypo) else {
            Issue.record("expected errors")
            return
        }
        #expect(rowErrors.count == 1 && rowErrors[0].contains("unknown type 'Teleport'"))
    }

    @Test("every shared export in a grouped format reads alike streamed", .enabled(if: ExportSamples.available, "../shared/data/exports is absent: the exchange samples are not checked"))
    func sharedSamples() throws {
        var checked: [String] = []
        let files = FileManager.default.enumerator(at: ExportSamples.directory, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { ["csv", "txt"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.path < $1.path } ?? []
        for file in files {
            guard let data = try? Data(contentsOf: file), let text = TextFile.decode(data),
                  case .found(let format, _) = ExchangeFormats.detect(text), format.spec.group != nil, ExchangeImporter.canStream(format)
            else { continue }
            try Self.check(text)
            checked.append("\(format.name): \(file.lastPathComponent)")
        }
        // Binance, Coinbase, Kraken's ledger, crypto.com, Coinbase Pro, CoinLedger, ... are among the samples.
        #expect(checked.count >= 5, "\(checked)")
    }
}
