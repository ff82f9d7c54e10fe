/// Form 6781 Part I for one year (IRC §1256 contracts marked to market), as Harvest fills it: one line-1 row per
/// account and instrument, the totals summed from the printed rows, the net split 40/60 (lines 8 and 9), which flow
/// to Schedule D lines 4 and 11.
public struct Form6781: Sendable, Hashable {
    /// Line 1: (a) identification of account, (b) loss, (c) gain: one row per wallet and instrument, its rows' net printed
    /// to cents (`PrintedMoney`).
    public struct Row: Sendable, Hashable {
        public var identification: String
        /// Zero or negative.
        public var loss: Money
        /// Zero or positive.
        public var gain: Money
    }

    public var year: Int
    public var rows: [Row]
    /// Line 2: the columns' totals.
    public var totalLosses: Money
    public var totalGains: Money
    /// Line 3 (and 5 and 7: Harvest fills no Form 1099-B adjustment, line 4, and no carryback, line 6).
    public var net: Money
    /// Line 8: 40% of line 7, to cents half away from zero: short-term, Schedule D line 4.
    public var shortTerm: Money
    /// Line 9: line 7 minus line 8 (60%, so that the two add up to line 7): long-term, Schedule D line 11.
    public var longTerm: Money
    /// Part II Section A: losses from straddles, with the unrecognized gain on the offsetting positions.
    public var straddleLosses: [Straddles.Deferral]
    /// §1256 positions open at the year end (marked: their marks are in `rows`).
    public var openAtYearEnd: [DerivativePosition]

    public static let shortTermShare: Fixed = "0.4"

    public init(year: Int, gains: [DerivativeGain], deferrals: [Straddles.Deferral] = [], openAtYearEnd: [DerivativePosition] = []) {
        self.year = year
        var nets: [String: Money] = [:]
        for row in gains where row.taxYear == year && row.section1256 {
            nets["\(row.wallet): \(row.instrument)", default: .zero] += row.gain
        }
        rows = nets.keys.sorted().map { key in
            let printed = PrintedMoney.rounded(nets[key] ?? .zero)
            return Row(identification: key, loss: min(printed, .zero), gain: max(printed, .zero))
        }
        totalLosses = rows.map(\.loss).sum()
        totalGains = rows.map(\.gain).sum()
        net = totalLosses + totalGains
        shortTerm = net.multiplied(by: Form6781.shortTermShare, rounding: PrintedMoney.mode).rounded(scale: PrintedMoney.scale, PrintedMoney.mode)
        longTerm = net - shortTerm
        straddleLosses = deferrals.filter { $0.year == year }
        self.openAtYearEnd = openAtYearEnd.filter(\.instrument.section1256)
    }
}

extension DerivativeResult {
    /// The year's derivative results by term as Schedule D counts them: the rows that are not §1256 by their term
    /// (printed to cents), the §1256 net split as Form 6781 lines 8 and 9, the straddle adjustments by their term.
    public func realized(year: Int) -> RealizedGains {
        var gains = RealizedGains()
        for row in self.gains where row.taxYear == year && !row.section1256 {
            gains.add(row.printedGain, term: row.term == .long ? .long : .short)
        }
        let form = Form6781(year: year, gains: self.gains)
        if !form.shortTerm.isZero { gains.add(form.shortTerm, term: .short) }
        if !form.longTerm.isZero { gains.add(form.longTerm, term: .long) }
        return gains
    }

    /// The years with a derivative result or funding income.
    public var years: Set<Int> { Set(gains.map(\.taxYear)).union(income.map(\.taxYear)) }
}
