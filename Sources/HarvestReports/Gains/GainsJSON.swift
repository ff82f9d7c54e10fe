import HarvestCore

/// `harvest gains --format json`: exact amounts as strings, each disposal with its sources.
///
/// Written as the rows are produced (`TextWriter`): a million disposals make about 600 MB of JSON, which is never one
/// string. The document is one object, `{"disposals":[…],"years":[…],"warnings":[…]}` and a newline, with no spaces.
public enum GainsJSON {
    /// The source rows of a disposal's lot and of the disposal itself (`file:line`).
    public typealias Sources = (Disposal) -> (lot: SourceLocation?, disposal: SourceLocation?)
    /// How each side of a disposal was valued.
    public typealias Valuations = (Disposal) -> (lot: ValuationSource?, disposal: ValuationSource?)

    /// The whole document as one string: for tests and small histories (the CLI streams, `write(_:…to:)`).
    public static func write(
        _ disposals: [Disposal], summaries: [YearSummary], warnings: [String],
        sources: Sources = { _ in (nil, nil) }, valuedBy: Valuations = { _ in (nil, nil) }, derivatives: DerivativeGainsJSON.Rows? = nil
    ) -> String {
        TextWriter.text {
            write(disposals, summaries: summaries, warnings: warnings, sources: sources, valuedBy: valuedBy, derivatives: derivatives, to: $0)
        }
    }

    /// Writes the document to `writer`, row by row.
    /// - Parameters:
    ///   - sources: the source rows of a disposal's lot and of the disposal itself (`file:line`).
    ///   - valuedBy: how the lot's and the disposal's transactions were valued.
    ///   - derivatives: when derivative events are stored, their rows: the document then ends with
    ///     `"derivatives":[…],"derivative_funding_paid":[…]` after `"warnings"` (`DerivativeGainsJSON`); without, it is
    ///     exactly as before.
    public static func write(
        _ disposals: [Disposal], summaries: [YearSummary], warnings: [String],
        sources: Sources = { _ in (nil, nil) }, valuedBy: Valuations = { _ in (nil, nil) }, derivatives: DerivativeGainsJSON.Rows? = nil,
        to writer: TextWriter
    ) {
        var document = Document(to: writer)
        for disposal in disposals {
            let (lot, disposing) = sources(disposal), (lotValuation, disposalValuation) = valuedBy(disposal)
            document.row(disposal, DisposalProvenance(
                lotSource: lot, disposalSource: disposing, lotValuation: lotValuation, disposalValuation: disposalValuation))
        }
        document.end(summaries: summaries, warnings: warnings, derivatives: derivatives)
    }

    /// The document written a piece at a time: the rows as they come (a year's at a time, say), then the summaries.
    public struct Document {
        private let writer: TextWriter
        private var rows = 0

        /// Begins the document (`{"disposals":[`).
        public init(to writer: TextWriter) {
            self.writer = writer
            writer.write("{\"disposals\":[")
        }

        /// One disposal, with where its rows came from and how they were valued.
        public mutating func row(_ disposal: Disposal, _ provenance: DisposalProvenance) {
            if rows > 0 { writer.write(byte: UInt8(ascii: ",")) }
            rows += 1
            GainsJSON.writeRow(disposal, provenance, to: writer)
        }

        /// Ends the document: the years' summaries, the warnings, and the derivative rows when given.
        public func end(summaries: [YearSummary], warnings: [String], derivatives: DerivativeGainsJSON.Rows? = nil) {
            writer.write("],\"years\":[")
            for (index, summary) in summaries.enumerated() {
                if index > 0 { writer.write(byte: UInt8(ascii: ",")) }
                writer.write(text: summaryJSON(summary))
            }
            writer.write("],\"warnings\":[")
            for (index, warning) in warnings.enumerated() {
                if index > 0 { writer.write(byte: UInt8(ascii: ",")) }
                writer.writeJSONString(warning)
            }
            writer.write("]")
            if let derivatives { DerivativeGainsJSON.write(derivatives, to: writer) }
            writer.write("}\n")
        }
    }

    /// One disposal as a JSON object, its keys in the order the document has always had.
    static func writeRow(_ d: Disposal, _ provenance: DisposalProvenance, to writer: TextWriter) {
        writer.write("{\"asset\":")
        writer.writeJSONString(d.asset.symbol)
        writer.write(",\"wallet\":")
        writer.writeJSONString(d.wallet.name)
        writer.write(",\"quantity\":")
        writer.writeJSONString(decimal: d.quantity)
        writer.write(",\"date_acquired\":")
        writer.writeJSONString(d.dateAcquired)
        writer.write(",\"date_disposed\":")
        writer.writeJSONString(d.dateDisposed)
        writer.write(",\"proceeds\":")
        writer.writeJSONString(decimal: d.proceeds)
        writer.write(",\"cost_basis\":")
        writer.writeJSONString(decimal: d.costBasis)
        writer.write(",\"adjustment\":")
        writer.writeJSONString(decimal: d.adjustment)
        writer.write(",\"adjustment_code\":")
        writer.writeJSONString(d.adjustmentCode.rawValue)
        writer.write(",\"gain\":")
        writer.writeJSONString(decimal: d.gain)
        writer.write(",\"selling_cost\":")
        writer.writeJSONString(decimal: d.sellingCost)
        writer.write(",\"term\":")
        writer.writeJSONString(d.term.rawValue)
        writer.write(",\"tax_year\":")
        writer.write(d.taxYear)
        writer.write(",\"kind\":")
        writer.writeJSONString(d.kind.rawValue)
        writer.write(",\"lot_tx_id\":")
        writer.writeJSONString(d.lotTransactionID)
        writer.write(",\"disposal_tx_id\":")
        writer.writeJSONString(d.disposalTransactionID)
        writer.write(",\"lot_source\":")
        writeSource(provenance.lotSource, to: writer)
        writer.write(",\"disposal_source\":")
        writeSource(provenance.disposalSource, to: writer)
        writer.write(d.missingBasis ? ",\"missing_basis\":true" : ",\"missing_basis\":false")
        writer.write(d.edited ? ",\"edited\":true" : ",\"edited\":false")
        writer.write(",\"rule\":")
        writer.writeJSONString(d.matching.rawValue)
        writer.write(",\"lot_valued_by\":")
        writeValuation(provenance.lotValuation, to: writer)
        writer.write(",\"disposal_valued_by\":")
        writeValuation(provenance.disposalValuation, to: writer)
        writer.write(byte: UInt8(ascii: "}"))
    }

    /// `"file:line"` (`SourceLocation.description`), or `null`.
    static func writeSource(_ source: SourceLocation?, to writer: TextWriter) {
        guard let source else {
            writer.write("null")
            return
        }
        // Escaping `file:line` is escaping the file: the colon and the digits need none.
        writer.write(byte: UInt8(ascii: "\""))
        writer.writeJSONEscaped(source.file)
        writer.write(byte: UInt8(ascii: ":"))
        writer.write(source.line)
        writer.write(byte: UInt8(ascii: "\""))
    }

    /// `ValuationSource.description` as a JSON string, or `null`.
    static func writeValuation(_ valuation: ValuationSource?, to writer: TextWriter) {
        switch valuation {
        case nil: writer.write("null")
        case .close(let asset, let date)?:
            // "close of SYMBOL on DATE": only the symbol can need escaping.
            writer.write("\"close of ")
            writer.writeJSONEscaped(asset.symbol)
            writer.write(" on ")
            writer.write(date)
            writer.write(byte: UInt8(ascii: "\""))
        case let other?: writer.writeJSONString(other.description)
        }
    }

    /// A year's summary: the totals every country reports, the keys each fills in its own way (`SummaryFields`), and
    /// the country's own figures when it has an object of them (Australia, Germany).
    public static func summaryJSON(_ s: YearSummary) -> String {
        func money(_ m: Money) -> String { JSON.string(m.description) }
        let presentation = s.presentation
        let fields = presentation.summaryFields
        return JSON.object([
            ("year", String(s.year)), ("proceeds", money(s.proceeds)), ("cost_basis", money(s.costBasis)),
            ("adjustments", money(s.adjustments)), ("selling_costs", money(s.sellingCosts)),
            ("short_term_gains", money(s.shortTermGains)), ("short_term_losses", money(s.shortTermLosses)),
            ("long_term_gains", money(s.longTermGains)), ("long_term_losses", money(s.longTermLosses)),
            ("carryforward_in_short", money(s.carryforwardIn.shortTerm)), ("carryforward_in_long", money(s.carryforwardIn.longTerm)),
            ("net_short_term", money(fields.netShortTerm)), ("net_long_term", money(fields.netLongTerm)),
            ("net_capital_gain", money(fields.netCapitalGain)),
            ("deduction_against_ordinary_income", money(fields.deductionAgainstOrdinaryIncome)),
            ("carryforward_out_short", money(s.carryforwardOut.shortTerm)),
            ("carryforward_out_long", money(s.carryforwardOut.longTerm)),
            ("income", JSON.object(s.incomeByType.sorted { $0.key < $1.key }.map { ($0.key.rawValue, money($0.value)) })),
            ("total_income", money(s.totalIncome)), ("missing_basis_rows", String(s.missingBasisRows)),
            ("edited_rows", String(s.editedRows)),
            ("disposal_count", String(s.disposalCount)), ("exempt_amount", money(fields.exemptAmount)),
            ("carryforward_used", money(fields.carryforwardUsed)), ("taxable_gain", money(s.taxableGain)),
            ("estimated_tax", fields.estimatedTax.map(money) ?? "null"),
            ("rate_periods", JSON.array(fields.ratePeriods.map { period in
                JSON.object([("from", JSON.string(period.from.description)), ("gains", money(period.gains)), ("losses", money(period.losses)),
                             ("taxable", money(period.taxable)), ("rate", JSON.string(period.rate.description)), ("tax", money(period.tax))])
            })),
        ] + (presentation.ownJSON.map { [$0] } ?? []))
    }
}
