/// The conservation ledger of a replay (STYLE.md §28, TIGER_STYLE's pair assertions): per asset, the units and basis
/// that came into lots (acquisitions, units assumed missing, basis a rule added: a wash sale's deferred loss, a transfer
/// fee added to basis, a gift's dual basis) and those that left other than by a disposal or a removal (moved by a
/// transfer to another asset's lots, a fee's units that vanish into basis). At the end of a replay
///
///     in = disposals + removals + moved out + vanished + open lots, in units and in basis, exactly,
///
/// is checked in debug builds and in the checked-arithmetic mode (`AccountingPolicy.checkedArithmetic`), which also
/// adds every total with overflow checks, so that a total beyond `Fixed` is a `LedgerError.outOfRange` instead of a trap.
/// Lot matching only: the pooled jurisdictions (UK, Canada) keep pools, whose own tests check them.
struct ReplayAudit {
    struct Flow {
        var units = Fixed.zero
        var basis = Fixed.zero
    }

    /// On in debug builds, and when the policy asks for checked arithmetic.
    let enabled: Bool
    let checked: Bool
    var inflow: [Asset: Flow] = [:]
    var outflow: [Asset: Flow] = [:]
    /// The first total that did not fit, when adding with overflow checks.
    var overflow: ArithmeticOverflow?

    init(checked: Bool) {
        self.checked = checked
        #if DEBUG
        enabled = true
        #else
        enabled = checked
        #endif
    }

    mutating func came(_ asset: Asset, units: Quantity, basis: Money) {
        guard enabled else { return }
        var flow = inflow[asset, default: Flow()]
        add(&flow, units.fixed, basis.fixed, asset)
        inflow[asset] = flow
    }

    mutating func left(_ asset: Asset, units: Quantity, basis: Money) {
        guard enabled else { return }
        var flow = outflow[asset, default: Flow()]
        add(&flow, units.fixed, basis.fixed, asset)
        outflow[asset] = flow
    }

    private mutating func add(_ flow: inout Flow, _ units: Fixed, _ basis: Fixed, _ asset: Asset) {
        do throws(ArithmeticOverflow) {
            flow.units = try flow.units.adding(units, "the units of \(asset) added up")
            flow.basis = try flow.basis.adding(basis, "the basis of \(asset) added up")
        } catch {
            overflow = overflow ?? error
        }
    }

    /// What broke, or nil when every asset balances: `in = disposals + removals + moved out + vanished + open`.
    func verify(_ result: LedgerResult) throws(ArithmeticOverflow) -> String? {
        if let overflow { throw overflow }
        var out = outflow
        func add(_ asset: Asset, _ units: Quantity, _ basis: Money) throws(ArithmeticOverflow) {
            var flow = out[asset, default: Flow()]
            flow.units = try flow.units.adding(units.fixed, "the units of \(asset) added up")
            flow.basis = try flow.basis.adding(basis.fixed, "the basis of \(asset) added up")
            out[asset] = flow
        }
        for disposal in result.disposals { try add(disposal.asset, disposal.quantity, disposal.costBasis) }
        for removal in result.removals { try add(removal.asset, removal.quantity, removal.costBasis) }
        for lot in result.openLots { try add(lot.asset, lot.quantity, lot.costBasis) }
        for asset in Set(inflow.keys).union(out.keys).sorted() {
            let came = inflow[asset] ?? Flow(), went = out[asset] ?? Flow()
            if came.units != went.units || came.basis != went.basis {
                return "\(asset): \(came.units) units and \(came.basis) of basis came into lots, but disposals, removals, moves and open lots "
                    + "account for \(went.units) units and \(went.basis) of basis"
            }
        }
        return nil
    }
}
