import Foundation
import Testing
import HarvestTestSupport

/// The ledger commands run as a user would: `tx list|show|edit|ignore|unignore|add`, `imports`, `imports undo`,
/// `transfers --decisions`.
private enum Ledger {
    /// ImportAndReportTests.trades: FIFO gains of 2024 are c3: 0.5 of c1 (basis 20,100 × 0.5 = 10,050), proceeds
    /// 21,000 − 21 = 20,979, gain 10,929, long; c4: 0.5 of c1 (10,050) for 20,000 → 9,950 long, and 0.25 of c2
    /// (15,000 × 0.25 / 0.5 = 7,500) for 10,000 → 2,500 short.
    static let gains2024 = """
        asset,wallet,quantity,date_acquired,date_disposed,proceeds,cost_basis,adjustment,gain,term,lot_tx_id,disposal_tx_id,selling_cost
        BTC,coinbase,0.5,2023-01-10,2024-01-11,20979.00,10050.00,0.00,10929.00,long,c1,c3,21.00
        BTC,coinbase,0.5,2023-01-10,2024-02-01,20000.00,10050.00,0.00,9950.00,long,c1,c4,0.00
        BTC,coinbase,0.25,2023-06-01,2024-02-01,10000.00,7500.00,0.00,2500.00,short,c2,c4,0.00

        """

    /// A CLI with ImportAndReportTests.trades imported (batch 1) from `trades.csv`.
    static func imported() throws -> (cli: CLI, path: String) {
        let cli = try CLI()
        let path = try cli.file("trades.csv", ImportAndReportTests.trades)
        let result = try cli.run("import", path)
        #expect(result.status == 0)
        return (cli, path)
    }
}

@Suite("harvest tx list: the history as the engine sees it, filtered, as a table, CSV or JSON")
struct TxListTests {
    static let mixed = """
        \(header)
        2024-01-02T10:00:00Z,buy,kraken,1000,USD,0.5,ETH,,,,,k1,
        2024-02-03T10:00:00Z,staking,kraken,,,0.123456789012345678,ETH,,,300,,k2,
        2024-03-04T10:00:00Z,withdrawal,0x003dc1234567890abcdef,1234.56789,USDC@base,,,,,,,0xabcdef0123456789,
        2024-04-05T10:00:00Z,sell,kraken,0.2,ETH,700,USD,,,,,k3,

        """

    @Test("one row per transaction in time order, a short reference, every line within 80 columns")
    func table() throws {
        let cli = try CLI()
        #expect(try cli.run("import", try cli.file("mixed.csv", Self.mixed)).status == 0)
        let list = try cli.run("tx", "list")
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.map(\.count))")
        #expect(lines[0].hasPrefix("Row  Date"))
        #expect(lines[2].hasPrefix("#1   2024-01-02  buy"))
        // The staking row's 18 decimals are rounded to fit; the explorer's wallet and asset are shortened.
        #expect(lines[3].hasPrefix("#2   2024-02-03  staking") && lines[3].contains("0.123457 ETH"))
        #expect(lines[4].contains("withdrawal  0x003dc1…") && lines[4].contains("1235 USDC@…"))
        #expect(list.stderr.contains("4 transaction(s)"))
    }

    @Test("filters: wallet, asset, kind, dates; they combine")
    func filters() throws {
        let cli = try CLI()
        #expect(try cli.run("import", try cli.file("mixed.csv", Self.mixed)).status == 0)
        func rows(_ arguments: String...) throws -> [String] {
            let result = try cli.run(["tx", "list", "--format", "csv"] + arguments)
            #expect(result.status == 0)
            return result.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }
        }
        #expect(try rows("--wallet", "kraken") == ["kraken/k1", "kraken/k2", "kraken/k3"])
        #expect(try rows("--asset", "usdc@base") == ["0x003dc1234567890abcdef/0xabcdef0123456789"])
        #expect(try rows("--asset", "eth", "--kind", "sell") == ["kraken/k3"])
        #expect(try rows("--kind", "income") == ["kraken/k2"])
        #expect(try rows("--from", "2024-02-03", "--to", "2024-03-04").count == 2)
        #expect(try rows("--to", "2024-01-01").isEmpty)
        #expect(try cli.run("tx", "list", "--kind", "swap").status == 64)
    }

    @Test("csv and json carry the full reference and every figure exactly")
    func formats() throws {
        let cli = try CLI()
        let path = try cli.file("mixed.csv", Self.mixed)
        #expect(try cli.run("import", path).status == 0)
        let csv = try cli.run("tx", "list", "--format", "csv", "--kind", "income").stdout
        #expect(csv == """
            row,ref,date,timestamp,kind,income_type,wallet,sent_quantity,sent_asset,received_quantity,received_asset,fee_quantity,fee_asset,value,fee_value,to_wallet,lot_ids,file,line,mark,note,received_value,donor_acquired
            2,kraken/k2,2024-02-03,2024-02-03T10:00:00Z,income,staking,kraken,,,0.123456789012345678,ETH,,,300,,,,\(path),3,,,,

            """)
        let json = try cli.run("tx", "list", "--format", "json", "--wallet", "0x003dc1234567890abcdef").stdout
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let rows = try #require(object["transactions"] as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows[0]["ref"] as? String == "0x003dc1234567890abcdef/0xabcdef0123456789")
        #expect(rows[0]["sent_quantity"] as? String == "1234.56789")
        #expect(rows[0]["row"] as? Int == 3 && rows[0]["line"] as? Int == 4)
        #expect(rows[0]["received_quantity"] is NSNull)
    }
}

@Suite("harvest tx show: one transaction in full")
struct TxShowTests {
    @Test("the file and line, the raw row, the imported values, how it was valued, the lots it consumed, its batch")
    func show() throws {
        let (cli, path) = try Ledger.imported()
        let result = try cli.run("tx", "show", "#3")
        #expect(result.status == 0)
        let text = result.stdout
        #expect(text.hasPrefix("#3 coinbase/c3\n"))
        #expect(text.contains("  source:    \(path), line 4, read as harvest\n"))
        #expect(text.contains("  import:    batch 1 of "))
        #expect(text.contains("  raw row:   2024-01-11T15:00:00Z,sell,coinbase,0.5,BTC,21000,USD,21,USD,,,c3,\n"))
        #expect(text.contains("    timestamp          2024-01-11T15:00:00Z\n"))
        #expect(text.contains("    received_quantity  21000\n"))
        #expect(text.contains("  valued:    21,000.00 USD, base-currency side\n"))
        #expect(text.contains("    disposed 0.5 BTC of lot c1 (acquired 2023-01-10): proceeds 20,979.00, basis 10,050.00, gain 10,929.00, long\n"))
        // The acquisition: its lot, consumed by two sales, nothing left open.
        let lot = try cli.run("tx", "show", "coinbase/c1").stdout
        #expect(lot.contains("its lot: 0.5 BTC disposed by c3 on 2024-01-11"))
        #expect(lot.contains("its lot: 0.5 BTC disposed by c4 on 2024-02-01"))
        let open = try cli.run("tx", "show", "c2").stdout
        #expect(open.contains("open lot: 0.25 BTC in coinbase, basis 7,500.00, held from 2023-06-01"))
    }

    @Test("a number, #number, wallet/id, an id or a unique prefix name a row; an ambiguous one is exit 64, an unknown one 65")
    func references() throws {
        let (cli, path) = try Ledger.imported()
        for reference in ["2", "#2", "coinbase/c2", "c2"] {
            #expect(try cli.run("tx", "show", reference).stdout.hasPrefix("#2 coinbase/c2\n"), "\(reference)")
        }
        let ambiguous = try cli.run("tx", "show", "c")
        #expect(ambiguous.status == 64)
        #expect(ambiguous.stderr.contains("error: 'c' names 4 transactions:"))
        #expect(ambiguous.stderr.contains("  #1  coinbase/c1  (harvest, \(path):2)"))
        let unknown = try cli.run("tx", "show", "zz9")
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("error: no transaction matches 'zz9'"))
        #expect(try cli.run("tx", "show", "#99").status == 65)
    }

    @Test("the raw row is not stored: when the file is gone, show says so")
    func fileGone() throws {
        let (cli, path) = try Ledger.imported()
        try FileManager.default.removeItem(atPath: path)
        #expect(try cli.run("tx", "show", "1").stdout.contains("  raw row:   not available: \(path) is not there any more"))
    }
}

@Suite("harvest tx edit: a layer over the imported row, marked in every report")
struct TxEditTests {
    @Test("an edit changes the gains as computed by hand, is marked, and survives a re-import of the same file")
    func editChangesGains() throws {
        let (cli, path) = try Ledger.imported()
        #expect(try cli.run("gains", "--year", "2024", "--format", "csv").stdout == Ledger.gains2024)

        // c3 really received 22,000: proceeds 22,000 − 21 = 21,979, gain 21,979 − 10,050 = 11,929.
        let edit = try cli.run("tx", "edit", "c3", "--received-quantity", "22000", "--note", "statement says 22,000")
        #expect(edit.status == 0)
        #expect(edit.stdout == "edited #3 coinbase/c3: received_quantity 22000\n")
        let edited = """
            asset,wallet,quantity,date_acquired,date_disposed,proceeds,cost_basis,adjustment,gain,term,lot_tx_id,disposal_tx_id,edited,selling_cost
            BTC,coinbase,0.5,2023-01-10,2024-01-11,21979.00,10050.00,0.00,11929.00,long,c1,c3,true,21.00
            BTC,coinbase,0.5,2023-01-10,2024-02-01,20000.00,10050.00,0.00,9950.00,long,c1,c4,false,0.00
            BTC,coinbase,0.25,2023-06-01,2024-02-01,10000.00,7500.00,0.00,2500.00,short,c2,c4,false,0.00

            """
        #expect(try cli.run("gains", "--year", "2024", "--format", "csv").stdout == edited)

        // The same file again adds nothing and keeps the edit.
        #expect(try cli.run("import", path).stdout == "\(path): 0 added, 4 duplicate(s) skipped\n")
        #expect(try cli.run("gains", "--year", "2024", "--format", "csv").stdout == edited)

        // Every report marks it: the table, the year's summary, JSON.
        let table = try cli.run("gains", "--year", "2024").stdout
        #expect(table.contains("2024-01-11  BTC e"))
        #expect(table.contains("e rests on a transaction you edited"))
        #expect(table.contains("1 row(s) rest on transactions you edited"))
        let json = try cli.run("gains", "--year", "2024", "--format", "json").stdout
        #expect(json.contains("\"disposal_tx_id\":\"c3\",") && json.contains("\"edited\":true") && json.contains("\"edited_rows\":1"))

        // tx show gives both the imported and the edited values, and the note.
        let show = try cli.run("tx", "show", "c3").stdout
        #expect(show.hasPrefix("#3 coinbase/c3 (edited)\n"))
        #expect(show.contains("    received_quantity  21000\n"))
        #expect(show.contains("    your note: statement says 22,000\n"))
        #expect(show.contains("    received_quantity  21000 -> 22000\n"))
        #expect(try cli.run("tx", "list", "--edited", "--format", "csv").stdout.contains("3,coinbase/c3,2024-01-11,"))

        // --reset: the row reads as imported again.
        #expect(try cli.run("tx", "edit", "3", "--reset").stdout == "#3 coinbase/c3 reads as imported again\n")
        #expect(try cli.run("gains", "--year", "2024", "--format", "csv").stdout == Ledger.gains2024)
    }

    @Test("an edited acquisition marks the disposals of its lot and the lot itself; a field can be cleared")
    func editedLot() throws {
        let (cli, _) = try Ledger.imported()
        // c1 without its 100 USD fee: basis 20,000, so 10,000 per half. c3: 20,979 − 10,000 = 10,979; c4: 20,000 − 10,000.
        #expect(try cli.run("tx", "edit", "coinbase/c1", "--set", "fee_quantity=", "--set", "fee_asset=").status == 0)
        let gains = try cli.run("gains", "--year", "2024", "--format", "csv").stdout
        #expect(gains.contains("BTC,coinbase,0.5,2023-01-10,2024-01-11,20979.00,10000.00,0.00,10979.00,long,c1,c3,true,21.00\n"))
        #expect(gains.contains("BTC,coinbase,0.5,2023-01-10,2024-02-01,20000.00,10000.00,0.00,10000.00,long,c1,c4,true,0.00\n"))
        #expect(gains.contains("BTC,coinbase,0.25,2023-06-01,2024-02-01,10000.00,7500.00,0.00,2500.00,short,c2,c4,false,0.00\n"))
        // Edits add up: a later edit of the same row keeps the earlier change. c1 moved to 2023-01-09 keeps its basis.
        #expect(try cli.run("tx", "edit", "c1", "--date", "2023-01-09").status == 0)
        let moved = try cli.run("gains", "--year", "2024", "--format", "csv").stdout
        #expect(moved.contains("BTC,coinbase,0.5,2023-01-09,2024-01-11,20979.00,10000.00,0.00,10979.00,long,c1,c3,true,21.00\n"))
        // Holdings are not from c1: no edited column.
        #expect(!(try cli.run("holdings", "--as-of", "2024-12-31", "--format", "csv").stdout.contains("edited")))
    }

    @Test("a bad edit (unknown field, bad number, unknown kind) is exit 65 naming the field and value, and changes nothing")
    func badEdit() throws {
        let (cli, _) = try Ledger.imported()
        #expect(try cli.run("tx", "edit", "c3", "--value", "20000").status == 0)
        let list = try cli.run("tx", "list", "--format", "csv").stdout
        let gains = try cli.run("gains", "--format", "csv").stdout
        // Taken after `gains`, which stores its replay's checkpoint (the next `gains` reads it and writes nothing).
        let bytes = try Data(contentsOf: URL(fileURLWithPath: cli.database))

        let unknownField = try cli.run("tx", "edit", "c3", "--set", "proceeds=1", "--set", "value=1")
        #expect(unknownField.status == 65)
        #expect(unknownField.stderr.contains("error: --set proceeds=1: unknown field 'proceeds'"))
        let badNumber = try cli.run("tx", "edit", "c3", "--received-quantity", "2l000", "--note", "typo")
        #expect(badNumber.status == 65)
        #expect(badNumber.stderr.contains("error: received_quantity: '2l000' is not a number"))
        #expect(badNumber.stderr.contains("nothing was changed"))
        let negative = try cli.run("tx", "edit", "c3", "--set", "fee_quantity=-1")
        #expect(negative.status == 65 && negative.stderr.contains("fee_quantity: '-1' is negative"))
        let kind = try cli.run("tx", "edit", "c3", "--kind", "swap")
        #expect(kind.status == 65 && kind.stderr.contains("type: unknown type 'swap'"))
        // A change that breaks the row's shape: a transfer needs to_wallet.
        let shape = try cli.run("tx", "edit", "c3", "--kind", "transfer")
        #expect(shape.status == 65 && shape.stderr.contains("to_wallet: a transfer needs to_wallet"))
        #expect(try cli.run("tx", "edit", "c3", "--set", "novalue").status == 65)
        #expect(try cli.run("tx", "edit", "c3").status == 64)

        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.database)) == bytes)
        #expect(try cli.run("tx", "list", "--format", "csv").stdout == list)
        #expect(try cli.run("gains", "--format", "csv").stdout == gains)
    }

    @Test("ignore leaves a row out of every figure and unignore brings it back")
    func ignore() throws {
        let (cli, _) = try Ledger.imported()
        let ignored = try cli.run("tx", "ignore", "c4", "--note", "duplicate of another export")
        #expect(ignored.status == 0)
        #expect(ignored.stdout == "ignored #4 coinbase/c4: the history leaves it out (`harvest tx unignore 4` brings it back)\n")
        // Only c3 is sold: c1's other half and c2 stay open.
        #expect(try cli.run("gains", "--year", "2024", "--format", "csv").stdout == """
            asset,wallet,quantity,date_acquired,date_disposed,proceeds,cost_basis,adjustment,gain,term,lot_tx_id,disposal_tx_id,selling_cost
            BTC,coinbase,0.5,2023-01-10,2024-01-11,20979.00,10050.00,0.00,10929.00,long,c1,c3,21.00

            """)
        let list = try cli.run("tx", "list").stdout
        #expect(list.contains("#4   2024-02-01  sell  coinbase") && list.contains("ignored"))
        #expect(try cli.run("tx", "show", "4").stdout.contains("(ignored)"))
        #expect(try cli.run("tx", "unignore", "#4").stdout == "#4 coinbase/c4 is back in the history\n")
        #expect(try cli.run("gains", "--year", "2024", "--format", "csv").stdout == Ledger.gains2024)
        #expect(try cli.run("tx", "unignore", "#4").stdout == "#4 coinbase/c4 is not ignored\n")
    }
}

@Suite("harvest tx add, imports, imports undo")
struct TxAddAndImportsTests {
    @Test("tx add stores a missing row as its own batch; the figures use it; imports undo removes it")
    func add() throws {
        let (cli, _) = try Ledger.imported()
        // A forgotten buy of 0.25 BTC for 5,000 on 2023-03-01: FIFO, c4's second part now comes from it
        // (0.25 × 5,000 / 0.25 = 5,000 basis, 10,000 proceeds, gain 5,000, short: 2023-03-01 → 2024-02-01 is under a year).
        let added = try cli.run("tx", "add", "--timestamp", "2023-03-01T12:00:00Z", "--type", "buy", "--wallet", "coinbase",
                                "--sent", "5000 USD", "--received", "0.25 BTC", "--tx-id", "forgotten", "--note", "paper receipt")
        #expect(added.status == 0)
        #expect(added.stdout == "added #5 coinbase/forgotten (import batch 2: `harvest imports undo 2` removes it)\n")
        let gains = try cli.run("gains", "--year", "2024", "--format", "csv").stdout
        #expect(gains.contains("BTC,coinbase,0.25,2023-03-01,2024-02-01,10000.00,5000.00,0.00,5000.00,short,forgotten,c4,0.00\n"))
        #expect(try cli.run("tx", "list", "--edited").stdout.contains("added"))
        #expect(try cli.run("tx", "show", "forgotten").stdout.contains("  source:    added by hand (`harvest tx add`)\n"))
        // The same id again is refused; a bad value names the option; nothing is stored either time.
        let twice = try cli.run("tx", "add", "--timestamp", "2023-03-01", "--type", "buy", "--wallet", "coinbase",
                                "--sent", "5000 USD", "--received", "0.25 BTC", "--tx-id", "forgotten")
        #expect(twice.status == 65 && twice.stderr.contains("has a row with that id added already (#5)"))
        let bad = try cli.run("tx", "add", "--timestamp", "2023-03-01", "--type", "buy", "--wallet", "coinbase", "--sent", "5000 USD",
                              "--received", "0.25")
        #expect(bad.status == 65 && bad.stderr.contains("--received '0.25': write QUANTITY ASSET"))
        let badKind = try cli.run("tx", "add", "--timestamp", "2023-03-01", "--type", "purchase", "--wallet", "coinbase", "--received", "1 BTC")
        #expect(badKind.status == 65 && badKind.stderr.contains("error: --type: unknown type 'purchase'"))
        #expect(try cli.run("imports", "--format", "csv").stdout.split(separator: "\n").count == 3)

        let undo = try cli.run("imports", "undo", "2")
        #expect(undo.status == 0)
        #expect(undo.stdout.hasPrefix("undid import batch 2 ((harvest tx add), manual, imported "))
        #expect(try cli.run("gains", "--year", "2024", "--format", "csv").stdout == Ledger.gains2024)
    }

    @Test("tx add takes the amounts as the Harvest CSV's columns too, as `harvest problems` suggests")
    func addByColumns() throws {
        let (cli, _) = try Ledger.imported()
        let added = try cli.run("tx", "add", "--timestamp", "2023-04-01", "--type", "buy", "--wallet", "coinbase",
                                "--received-quantity", "0.1", "--received-asset", "btc", "--value", "2000")
        #expect(added.status == 0)
        let row = try cli.run("tx", "list", "--format", "csv", "--from", "2023-04-01", "--to", "2023-04-01").stdout
        #expect(row.contains(",2023-04-01,2023-04-01T00:00:00Z,buy,,coinbase,,,0.1,BTC,,,2000,,,,,,added,,,\n"))
        let both = try cli.run("tx", "add", "--timestamp", "2023-04-01", "--type", "buy", "--wallet", "coinbase", "--received", "1 BTC",
                               "--received-asset", "BTC")
        #expect(both.status == 64)
        let bad = try cli.run("tx", "add", "--timestamp", "2023-04-01", "--type", "buy", "--wallet", "coinbase", "--received-quantity", "0.1")
        #expect(bad.status == 65 && bad.stderr.contains("error: --received-asset: missing asset for received_quantity 0.1"))
    }

    @Test("imports lists each batch: file, source, when, added, duplicates, conflicts, rows still stored")
    func list() throws {
        let (cli, path) = try Ledger.imported()
        #expect(try cli.run("import", path).status == 0)
        let csv = try cli.run("imports", "--format", "csv").stdout.split(separator: "\n").map(String.init)
        #expect(csv[0] == "batch,file,source,imported_at,added,duplicates,conflicts,stored")
        #expect(csv[1].hasPrefix("1,\(path),harvest,") && csv[1].hasSuffix(",4,0,0,4"))
        #expect(csv[2].hasPrefix("2,\(path),harvest,") && csv[2].hasSuffix(",0,4,0,0"))
        let table = try cli.run("imports").stdout.split(separator: "\n").map(String.init)
        #expect(table[0] == "Batch  Imported          Source   File        Added  Dups  Confl  Stored")
        #expect(table[2].hasSuffix("harvest  trades.csv      4     0      0       4"))
        let json = try cli.run("imports", "--format", "json").stdout
        #expect(json.hasPrefix("{\"imports\":[{\"batch\":1,\"file\":"))
    }

    @Test("undo restores the figures exactly: the same file imported again under another wallet, then undone")
    func undoRestores() throws {
        // A file without wallets, imported with --wallet: imported again with another --wallet, every row is added twice.
        let cli = try CLI()
        let path = try cli.file("nowallet.csv", ImportAndReportTests.trades.replacingOccurrences(of: ",coinbase,", with: ",,"))
        #expect(try cli.run("import", path, "--wallet", "coinbase").status == 0)
        let before = try cli.run("gains", "--format", "csv").stdout
        let holdingsBefore = try cli.run("holdings", "--as-of", "2024-12-31", "--format", "csv").stdout
        #expect(before.hasPrefix(Ledger.gains2024.prefix(40)))

        #expect(try cli.run("import", path, "--wallet", "coinbase-2").stdout == "\(path): 4 added, 0 duplicate(s) skipped\n")
        #expect(try cli.run("gains", "--format", "csv").stdout != before)
        // An edit and a transfer decision about the mistaken rows are kept, waiting.
        #expect(try cli.run("tx", "edit", "coinbase-2/c3", "--value", "1").status == 0)

        let undo = try cli.run("imports", "undo", "2")
        #expect(undo.status == 0)
        #expect(undo.stdout.contains("removed 4 row(s)"))
        #expect(undo.stdout.contains("kept 1 edit(s) and 0 transfer decision(s) about them"))
        #expect(try cli.run("gains", "--format", "csv").stdout == before)
        #expect(try cli.run("holdings", "--as-of", "2024-12-31", "--format", "csv").stdout == holdingsBefore)
        #expect(try cli.run("tx", "list", "--edited").stderr.contains("1 edit(s) wait for rows not stored now"))
        #expect(try cli.run("imports", "undo", "2").status == 65)

        // Imported again, the rows come back with the edit.
        #expect(try cli.run("import", path, "--wallet", "coinbase-2").status == 0)
        #expect(try cli.run("tx", "list", "--edited", "--format", "csv").stdout.contains(",coinbase-2/c3,"))
    }
}

@Suite("harvest transfers --decisions")
struct TransferDecisionTests {
    @Test("lists each decision with its rows, when it was made, and whether it still applies")
    func decisions() throws {
        let cli = try CLI()
        let path = try cli.file("moves.csv", """
            \(header)
            2024-01-02T10:00:00Z,buy,kraken,1000,USD,1,ETH,,,,,b1,
            2024-06-01T10:00:00Z,withdrawal,kraken,0.5,ETH,,,,,,,w1,
            2024-06-01T11:00:00Z,deposit,ledger,,,0.5,ETH,,,,,d1,
            2024-07-01T11:00:00Z,deposit,ledger,,,0.2,ETH,,,,,d2,

            """)
        #expect(try cli.run("import", path).status == 0)
        #expect(try cli.run("transfers", "match", "kraken/w1", "ledger/d1").status == 0)
        #expect(try cli.run("transfers", "mark-external", "ledger/d2", "--as", "gift_in", "--basis", "150").status == 0)
        let table = try cli.run("transfers", "--decisions")
        #expect(table.status == 0)
        #expect(table.stdout.contains("#2   match with #3 ledger/d1") && table.stdout.contains("#4   external: gift_in, basis 150.00"))
        #expect(!table.stdout.contains("stale"))
        let csv = try cli.run("transfers", "--decisions", "--format", "csv").stdout.split(separator: "\n").map(String.init)
        #expect(csv[0] == "decided_at,wallet,tx_id,row,decision,other_wallet,other_tx_id,other_row,kind,basis,applies,stale_reason")
        #expect(csv[1].hasSuffix(",kraken,w1,2,match,ledger,d1,3,,,true,"))
        #expect(csv[2].hasSuffix(",ledger,d2,4,external,,,,gift_in,150,true,"))

        // Ignored, the deposit is no longer there to decide about: the decision is stale.
        #expect(try cli.run("tx", "ignore", "d2").status == 0)
        let stale = try cli.run("transfers", "--decisions", "--format", "csv").stdout
        #expect(stale.contains(",ledger,d2,,external,,,,gift_in,150,false,ledger/d2 is not a deposit or a withdrawal in the history\n"))
        #expect(try cli.run("transfers", "--decisions", "--unmatched").status == 64)
    }
}
