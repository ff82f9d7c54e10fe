import Foundation
import HarvestTestSupport
import Testing

/// `harvest import` of workbooks and other files that are not UTF-8 CSV, all written here (none is a real export).
@Suite("harvest import of XLSX workbooks, UTF-16 text, and files that are neither")
struct SpreadsheetImportTests {
    /// A Kraken ledger: 0.02 BTC bought for 1,000 USD (fee 1.60), then 0.01 BTC withdrawn (fee 0.0001).
    static let ledgerCSV = """
        txid,refid,time,type,subtype,aclass,asset,amount,fee,balance
        L1,T1,2024-03-01 10:00:00,trade,,currency,ZUSD,-1000,1.6,0
        L2,T1,2024-03-01 10:00:00,trade,,currency,XXBT,0.02,0,0.02
        L5,T3,2024-03-03 12:00:00,withdrawal,,currency,XXBT,-0.01,0.0001,0.0099

        """

    /// The same ledger as a workbook with a summary sheet first: dates as serials, amounts as numbers.
    static func ledgerWorkbook() throws -> Data {
        let header = ["txid", "refid", "time", "type", "subtype", "aclass", "asset", "amount", "fee", "balance"].map { XLSX.Cell.text($0) }
        return try XLSX.workbook([
            ("Summary", [[.text("Account"), .text("AA12")]]),
            ("Ledgers", [
                header,
                [.text("L1"), .text("T1"), .number("45352.416666666664", style: 2), .text("trade"), .none, .text("currency"), .text("ZUSD"),
                 .number("-1000"), .number("1.6000000000000001"), .number("0")],
                [.text("L2"), .text("T1"), .number("45352.416666666664", style: 2), .text("trade"), .none, .text("currency"), .text("XXBT"),
                 .number("0.02"), .number("0"), .number("0.02")],
                [.text("L5"), .text("T3"), .number("45354.5", style: 3), .text("withdrawal"), .none, .text("currency"), .text("XXBT"),
                 .number("-1.0000000000000001E-2"), .number("1E-4"), .number("9.9000000000000008E-3")],
            ]),
        ])
    }

    @Test("an XLSX ledger imports as its CSV does: the CSV's rows are then all duplicates; the same transactions are listed")
    func workbook() throws {
        let cli = try CLI()
        let path = cli.directory.appendingPathComponent("ledgers.xlsx").path
        try Self.ledgerWorkbook().write(to: URL(fileURLWithPath: path))
        let dry = try cli.run("import", "--dry-run", path)
        #expect(dry.status == 0 && dry.stdout == "\(path): 2 row(s) read, nothing written (--dry-run), 0 duplicate(s) skipped\n")
        let first = try cli.run("import", path)
        #expect(first.status == 0)
        #expect(first.stdout == "\(path): 2 added, 0 duplicate(s) skipped\n")
        #expect(first.stderr.contains("\(path): read the sheet 'Ledgers' (of 2); lines are its rows"))
        #expect(first.stderr.contains("\(path): read as kraken"))
        let listed = try cli.run("tx", "list", "--format", "csv").stdout
        let csv = try cli.file("ledgers.csv", Self.ledgerCSV)
        #expect(try cli.run("import", csv).stdout == "\(csv): 0 added, 2 duplicate(s) skipped\n")
        #expect(try cli.run("tx", "list", "--format", "csv").stdout == listed)
        #expect(listed.contains("2024-03-01") && listed.contains("0.02") && listed.contains("2024-03-03"))
    }

    @Test("a bad cell of a workbook is reported with the file, its row and column")
    func badCell() throws {
        let cli = try CLI()
        let header = ["txid", "refid", "time", "type", "subtype", "aclass", "asset", "amount", "fee", "balance"].map { XLSX.Cell.text($0) }
        let data = try XLSX.workbook([("Sheet1", [
            header,
            [.text("L1"), .text("T1"), .number("45352.5", style: 2), .text("deposit"), .none, .text("currency"), .text("XXBT"),
             .text("1.2.3"), .number("0"), .number("0")],
        ])])
        let path = cli.directory.appendingPathComponent("bad.xlsx").path
        try data.write(to: URL(fileURLWithPath: path))
        let result = try cli.run("import", path)
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(path):2: amount: '1.2.3'"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was imported"))
    }

    @Test("a UTF-16 export with its byte-order mark imports; a PDF and a zip of CSVs are refused saying what they are")
    func otherFiles() throws {
        let cli = try CLI()
        var utf16 = Data([0xFF, 0xFE])
        for unit in Self.ledgerCSV.utf16 { utf16.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
        let path = cli.directory.appendingPathComponent("bittrex-style.csv").path
        try utf16.write(to: URL(fileURLWithPath: path))
        let imported = try cli.run("import", path)
        #expect(imported.status == 0 && imported.stdout == "\(path): 2 added, 0 duplicate(s) skipped\n")

        let pdf = cli.directory.appendingPathComponent("statement.pdf").path
        try Data("%PDF-1.7\n%\u{00E2}\u{00E3}\n1 0 obj".utf8).write(to: URL(fileURLWithPath: pdf))
        let refused = try cli.run("import", pdf)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("\(pdf):0: the file is a PDF document; Harvest reads an exchange's CSV or XLSX export, not a PDF statement"))

        let zip = cli.directory.appendingPathComponent("export.zip").path
        try XLSX.archive(parts: [("trades.csv", Self.ledgerCSV)]).write(to: URL(fileURLWithPath: zip))
        let zipped = try cli.run("import", zip)
        #expect(zipped.status == 65 && zipped.stderr.contains("\(zip):0: the file is a zip archive holding trades.csv; unzip it and import the files inside"))
    }
}
