import HarvestCore

/// Derivative rows in the gains CSV (`harvest gains --format csv`): after the spot rows, in the same columns. `asset` is
/// the instrument's symbol, `quantity` the contracts, `date_acquired` the day the position was opened, `lot_tx_id` and
/// `disposal_tx_id` the opening and the realizing events; `term` is `short`, `long` or `1256` (a §1256 contract: 60%
/// long-term and 40% short-term on Form 6781, whatever the holding period). A year-end mark's `disposal_tx_id` is
/// `SYMBOL@YYYY-12-31`; a straddle adjustment has no proceeds or basis, only its adjustment.
public enum DerivativeGainsCSV {
    /// The columns `GainsCSV` appends for `disposals` beyond DESIGN.md's: derivative rows leave them empty.
    public static func extraColumns(for disposals: [Disposal]) -> Int {
        var flagged = false, pooled = false, edited = false, sellingCosts = false
        for disposal in disposals {
            flagged = flagged || disposal.missingBasis
            pooled = pooled || disposal.matching != .lot
            edited = edited || disposal.edited
            sellingCosts = sellingCosts || !disposal.sellingCost.isZero
        }
        return [pooled, flagged, edited, sellingCosts].filter { $0 }.count
    }

    public static func term(_ row: DerivativeGain) -> String { row.term == .section1256 ? "1256" : row.term.rawValue }

    public static func write(_ rows: [DerivativeGain], extraColumns: Int = 0, to writer: TextWriter) {
        for row in rows {
            writer.writeCSVField(row.instrument)
            writer.write(byte: UInt8(ascii: ","))
            writer.writeCSVField(row.wallet.name)
            writer.write(byte: UInt8(ascii: ","))
            writer.write(decimal: row.contracts)
            writer.write(byte: UInt8(ascii: ","))
            writer.write(row.dateOpened)
            writer.write(byte: UInt8(ascii: ","))
            writer.write(row.dateClosed)
            for amount in [row.proceeds, row.costBasis, row.adjustment] {
                writer.write(byte: UInt8(ascii: ","))
                writer.write(PrintedMoney.rounded(amount), scale: 2, .towardZero)
            }
            writer.write(byte: UInt8(ascii: ","))
            writer.write(row.printedGain, scale: 2, .towardZero)
            writer.write(text: "," + term(row) + ",")
            writer.writeCSVField(row.openEventID)
            writer.write(byte: UInt8(ascii: ","))
            writer.writeCSVField(row.eventID)
            for _ in 0..<extraColumns { writer.write(byte: UInt8(ascii: ",")) }
            writer.write(byte: UInt8(ascii: "\n"))
        }
    }
}

/// `harvest report 6781 --year Y`: Form 6781 as CSV. Part I (§1256 contracts marked to market): one line-1 row per
/// account and instrument, lines 2, 3, 7, 8 and 9 (line 8, 40%, goes to Schedule D line 4; line 9, 60%, to line 11).
/// Then Part II Section A (losses from straddles, with the unrecognized gain on the offsetting positions), and the
/// §1256 positions open at the year end with the mark they were valued at. Each figure to cents, half away from zero.
public enum Form6781CSV {
    public static func write(_ form: Form6781, to writer: TextWriter) {
        func money(_ value: Money) -> String { PrintedMoney.rounded(value).formatted(scale: 2, .towardZero) }
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.split(separator: "\"", omittingEmptySubsequences: false)
                .joined(separator: "\"\"") + "\"" : text
        }
        writer.write(text: "part,line,description,loss,gain,amount\n")
        for row in form.rows {
            writer.write(text: "I,1,\(field(row.identification)),\(money(row.loss)),\(money(row.gain)),\n")
        }
        writer.write(text: "I,2,add the amounts on line 1,\(money(form.totalLosses)),\(money(form.totalGains)),\n")
        writer.write(text: "I,3,net gain or (loss),,,\(money(form.net))\n")
        writer.write(text: "I,7,combine lines 5 and 6 (no 1099-B adjustment or carryback),,,\(money(form.net))\n")
        writer.write(text: "I,8,short-term (40%): Schedule D line 4,,,\(money(form.shortTerm))\n")
        writer.write(text: "I,9,long-term (60%): Schedule D line 11,,,\(money(form.longTerm))\n")
        writer.write(text: "\npart II section A,description,date_entered,date_closed,gross_sales_price,cost,loss,unrecognized_gain,recognized_loss,term,carried_in\n")
        for loss in form.straddleLosses {
            writer.write(text: "A,\(field(loss.leg)),\(loss.dateEntered),\(loss.dateClosed),\(money(loss.proceeds)),\(money(loss.costBasis)),"
                + "\(money(-loss.loss)),\(money(loss.unrecognizedGain)),\(money(-loss.recognized)),\(loss.term.rawValue),"
                + "\(loss.carried ? "yes" : "no")\n")
        }
        writer.write(text: "\nopen at year end,instrument,wallet,side,contracts,mark_date,mark,value_at_mark\n")
        for position in form.openAtYearEnd {
            let mark = position.mark
            let value = mark.map { $0.price * position.instrument.units(position.contracts) }
            writer.write(text: "open,\(field(position.instrument.symbol)),\(field(position.wallet.name)),\(position.side.rawValue),"
                + "\(position.contracts),\(mark.map { "\($0.date)" } ?? ""),\(mark.map { "\($0.price)" } ?? ""),\(value.map(money) ?? "")\n")
        }
    }
}
