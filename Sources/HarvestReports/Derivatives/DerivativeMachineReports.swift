import HarvestCore

/// Derivative rows in `harvest gains --format json`: when derivative events are stored, the document ends with
/// `,"derivatives":[…],"derivative_funding_paid":[…]` after `"warnings"` (the keys before are unchanged; without
/// derivative events the document is exactly as it was). Exact amounts as strings, like the spot rows.
///
/// A row: `instrument`, `underlying`, `wallet`, `side`, `contracts`, `date_opened`, `date_closed`, `tax_year`,
/// `proceeds`, `cost_basis`, `adjustment`, `gain` (proceeds − cost basis + adjustment, exact), `term` (`short`,
/// `long` or `1256`: 60% long-term, 40% short-term), `kind` (`close`, `expire`, `year_end_mark`, `funding`,
/// `straddle_deferred`, `straddle_carried`), `open_event_id`, `event_id`. A funding payment under the conservative
/// reading (listed, not deducted): `date`, `tax_year`, `instrument`, `wallet`, `amount` (paid, positive), `event_id`.
public enum DerivativeGainsJSON {
    public struct Rows: Sendable {
        public var gains: [DerivativeGain]
        public var fundingPaid: [FundingPaid]
        public init(gains: [DerivativeGain], fundingPaid: [FundingPaid] = []) {
            self.gains = gains
            self.fundingPaid = fundingPaid
        }
    }

    /// Writes `,"derivatives":[…],"derivative_funding_paid":[…]`, row by row.
    public static func write(_ rows: Rows, to writer: TextWriter) {
        writer.write(",\"derivatives\":[")
        for (index, row) in rows.gains.enumerated() {
            if index > 0 { writer.write(byte: UInt8(ascii: ",")) }
            writeRow(row, to: writer)
        }
        writer.write("],\"derivative_funding_paid\":[")
        for (index, paid) in rows.fundingPaid.enumerated() {
            if index > 0 { writer.write(byte: UInt8(ascii: ",")) }
            writer.write("{\"date\":")
            writer.writeJSONString(paid.date)
            writer.write(",\"tax_year\":")
            writer.write(paid.taxYear)
            writer.write(",\"instrument\":")
            writer.writeJSONString(paid.instrument)
            writer.write(",\"wallet\":")
            writer.writeJSONString(paid.wallet.name)
            writer.write(",\"amount\":")
            writer.writeJSONString(decimal: paid.amount)
            writer.write(",\"event_id\":")
            writer.writeJSONString(paid.eventID)
            writer.write(byte: UInt8(ascii: "}"))
        }
        writer.write(byte: UInt8(ascii: "]"))
    }

    static func writeRow(_ row: DerivativeGain, to writer: TextWriter) {
        writer.write("{\"instrument\":")
        writer.writeJSONString(row.instrument)
        writer.write(",\"underlying\":")
        writer.writeJSONString(row.underlying.symbol)
        writer.write(",\"wallet\":")
        writer.writeJSONString(row.wallet.name)
        writer.write(",\"side\":")
        writer.writeJSONString(row.side.rawValue)
        writer.write(",\"contracts\":")
        writer.writeJSONString(decimal: row.contracts)
        writer.write(",\"date_opened\":")
        writer.writeJSONString(row.dateOpened)
        writer.write(",\"date_closed\":")
        writer.writeJSONString(row.dateClosed)
        writer.write(",\"tax_year\":")
        writer.write(row.taxYear)
        writer.write(",\"proceeds\":")
        writer.writeJSONString(decimal: row.proceeds)
        writer.write(",\"cost_basis\":")
        writer.writeJSONString(decimal: row.costBasis)
        writer.write(",\"adjustment\":")
        writer.writeJSONString(decimal: row.adjustment)
        writer.write(",\"gain\":")
        writer.writeJSONString(decimal: row.gain)
        writer.write(",\"term\":")
        writer.writeJSONString(DerivativeGainsCSV.term(row))
        writer.write(",\"kind\":")
        writer.writeJSONString(row.kind.rawValue)
        writer.write(",\"open_event_id\":")
        writer.writeJSONString(row.openEventID)
        writer.write(",\"event_id\":")
        writer.writeJSONString(row.eventID)
        writer.write(byte: UInt8(ascii: "}"))
    }
}

/// The derivative part of `harvest plan --format csv|json`: the close/roll proposals (the same figures as the table's
/// section) and the hedges proposed for harvested lots under a wash-sale rule.
///
/// JSON: the plan's document gains `"derivatives":[…]` and `"hedges":[…]` after its other keys, when there is a
/// derivative event stored or a hedge to propose (else it is exactly as before). CSV: after the lot rows, a blank line
/// and a section of its own for each (`derivativeCSV`, `hedgeCSV`), each with its header.
public enum DerivativePlanReport {
    public static func decision(_ proposal: DerivativeProposal) -> String {
        switch proposal.action {
        case .markedAnyway: "marked_at_year_end"
        case .roll: "harvest"
        case .keep: "keep"
        }
    }

    public static let derivativeHeader = "derivative_decision,instrument,wallet,side,contracts,date_opened,term,mark_date,mark,carried,"
        + "loss,tax_saved_now,deferred_tax,roll_cost,roll_net_benefit,close_cost,close_net_benefit,open_event_id,wash_sale_note"

    public static let hedgeHeader = "hedge,asset,lot_tx_id,units,sale_date,strike,expiry,days,volatility,volatility_days,rate,premium,"
        + "cost,net_if_lapses,window_ends,wash_sale_note,straddle_note"

    /// The proposals' section of the plan CSV (empty without any): amounts to cents, half away from zero.
    public static func derivativeCSV(_ proposals: [DerivativeProposal]) -> String {
        guard !proposals.isEmpty else { return "" }
        var out = "\n" + derivativeHeader + "\n"
        for p in proposals {
            let position = p.position
            out += [
                decision(p), position.instrument.symbol, position.wallet.name, position.side.rawValue, position.contracts.description,
                position.dateOpened.description, p.term.rawValue, position.mark.map { $0.date.description } ?? "",
                position.mark.map { $0.price.description } ?? "", ReportRounding.text(position.carried), ReportRounding.text(p.loss),
                ReportRounding.text(p.taxSavedNow), ReportRounding.text(p.deferredTax), ReportRounding.text(p.rollCost),
                ReportRounding.text(p.rollBenefit), ReportRounding.text(p.closeCost), ReportRounding.text(p.closeBenefit),
                position.openEventID, p.washNote,
            ].csvRow
        }
        return out
    }

    /// The hedges' section of the plan CSV (empty without any).
    public static func hedgeCSV(_ hedges: [HedgeProposal]) -> String {
        guard !hedges.isEmpty else { return "" }
        var out = "\n" + hedgeHeader + "\n"
        for h in hedges {
            out += [
                "write_put", h.asset.symbol, h.lotTransactionID, h.units.description, h.saleDate.description, h.strike.description,
                h.expiry.description, String(h.days), PlanReport.correlation(h.volatility), String(h.volatilityDays), h.rate.description,
                ReportRounding.text(h.premium), ReportRounding.text(h.cost), ReportRounding.text(h.netIfLapses), h.windowEnds.description,
                h.washNote, h.straddleNote,
            ].csvRow
        }
        return out
    }

    /// `"derivatives":[…]` as (key, value) for the plan's JSON object: exact amounts.
    public static func derivativeJSON(_ proposals: [DerivativeProposal]) -> (String, String) {
        func money(_ m: Money) -> String { JSON.string(m.description) }
        return ("derivatives", JSON.array(proposals.map { p in
            let position = p.position
            return JSON.object([
                ("decision", JSON.string(decision(p))), ("instrument", JSON.string(position.instrument.symbol)),
                ("wallet", JSON.string(position.wallet.name)), ("side", JSON.string(position.side.rawValue)),
                ("contracts", JSON.string(position.contracts.description)), ("date_opened", JSON.string(position.dateOpened.description)),
                ("term", JSON.string(p.term.rawValue)), ("mark_date", position.mark.map { JSON.string($0.date.description) } ?? "null"),
                ("mark", position.mark.map { JSON.string($0.price.description) } ?? "null"), ("carried", money(position.carried)),
                ("loss", money(p.loss)), ("tax_saved_now", money(p.taxSavedNow)), ("deferred_tax", money(p.deferredTax)),
                ("roll_cost", money(p.rollCost)), ("roll_net_benefit", money(p.rollBenefit)), ("close_cost", money(p.closeCost)),
                ("close_net_benefit", money(p.closeBenefit)), ("open_event_id", JSON.string(position.openEventID)),
                ("wash_sale_note", JSON.string(p.washNote)),
            ])
        }))
    }

    /// `"hedges":[…]` as (key, value) for the plan's JSON object.
    public static func hedgeJSON(_ hedges: [HedgeProposal]) -> (String, String) {
        func money(_ m: Money) -> String { JSON.string(m.description) }
        return ("hedges", JSON.array(hedges.map { h in
            JSON.object([
                ("hedge", JSON.string("write_put")), ("asset", JSON.string(h.asset.symbol)), ("lot_tx_id", JSON.string(h.lotTransactionID)),
                ("units", JSON.string(h.units.description)), ("sale_date", JSON.string(h.saleDate.description)),
                ("strike", JSON.string(h.strike.description)), ("expiry", JSON.string(h.expiry.description)), ("days", String(h.days)),
                ("volatility", PlanReport.correlation(h.volatility)), ("volatility_days", String(h.volatilityDays)),
                ("rate", JSON.string(h.rate.description)), ("premium", money(h.premium)), ("cost", money(h.cost)),
                ("net_if_lapses", money(h.netIfLapses)), ("window_ends", JSON.string(h.windowEnds.description)),
                ("wash_sale_note", JSON.string(h.washNote)), ("straddle_note", JSON.string(h.straddleNote)),
            ])
        }))
    }
}

/// The plan table's section on hedges (`DerivativeHedge`): for each harvested lot under a wash-sale rule, the put to
/// write, its model premium and costs, and what §1091 and §1092 make of it.
public enum HedgePlanText {
    public static func render(_ hedges: [HedgeProposal]) -> String {
        guard !hedges.isEmpty else { return "" }
        func money(_ value: Money) -> String { NumberText.groupedCents(value) }
        var text = "\nKeeping exposure through the wash-sale window (a hedge instead of cash or a replacement):\n"
        for h in hedges {
            text += "  \(h.asset) lot \(h.lotTransactionID), \(NumberText.decimal(h.units.fixed)) sold \(h.saleDate) (no \(h.asset) bought "
                + "through \(h.windowEnds)): write a put on \(NumberText.decimal(h.units.fixed)) \(h.asset) struck at \(h.strike), "
                + "expiring \(h.expiry) (\(h.days) days)\n"
            text += "    premium received \(money(h.premium)) (Black-Scholes model estimate: \(PlanReport.correlation(h.volatility * 100))% "
                + "volatility over \(h.volatilityDays) days of returns, \(h.rate.percent) risk-free rate), costs \(money(h.cost)): "
                + "\(money(h.netIfLapses)) if it lapses, a short-term gain (IRC §1234(b)); below the strike it loses as the units would\n"
            text += "    \(h.washNote)\n"
            text += "    \(h.straddleNote)\n"
        }
        return text
    }
}
