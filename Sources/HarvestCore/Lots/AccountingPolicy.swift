/// Which lots a disposal consumes.
public enum LotMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// First in, first out, by original acquisition time (IRS FAQ Q41: the default when units are not identified).
    case fifo
    /// Last in, first out.
    case lifo
    /// Highest unit cost first (a standing specific identification).
    case hifo
    /// The lots each disposal names (`lot_ids`); FIFO for a disposal that names none.
    case specific
}

/// Whether lots are pooled across wallets when a disposal picks them.
public enum BasisScope: String, Sendable, Hashable, CaseIterable, Codable {
    /// Wallet by wallet: required in the US from 2025 (Treas. Reg. §1.1012-1(j)).
    case wallet
    /// All wallets pooled: allowed in the US before 2025.
    case universal
}

/// The user's accounting choices: method and scope (per tax year), and the options the law leaves open.
public struct AccountingPolicy: Sendable, Hashable {
    public var method: LotMethod
    public var methodByYear: [Int: LotMethod]
    public var scope: BasisScope
    public var scopeByYear: [Int: BasisScope]
    public var transferFee: TransferFeeTreatment
    /// Treat units sold but never seen acquired as zero-basis units acquired on the disposal date,
    /// flagged in every report, instead of failing.
    public var allowMissingBasis: Bool
    /// Value an amount the price book cannot value at zero, and list it (`LedgerResult.unpriced`), instead of failing:
    /// for `harvest problems`, which must see every gap of a history at once. Never for a report.
    public var unpricedAtZero = false
    /// The wash-sale rule to apply, if any (the jurisdiction's, possibly extended to crypto by a setting).
    public var washSale: WashSaleRule?
    /// Which assets are securities (crypto ETFs...) and which are crypto.
    public var assetClasses: AssetClasses
    /// Which assets are one asset for transfers: a transfer may arrive as another asset of its group
    /// (a wrap or a bridge) and the lots continue in it.
    public var transferRules = TransferRules()
    /// The checked-arithmetic mode (issue 19): the replay adds up units and basis with overflow checks and verifies
    /// their conservation at the end in every build, throwing `LedgerError` instead of trapping (`ReplayAudit`).
    public var checkedArithmetic = false

    public init(
        method: LotMethod = .fifo, methodByYear: [Int: LotMethod] = [:], scope: BasisScope = .wallet,
        scopeByYear: [Int: BasisScope] = [:], transferFee: TransferFeeTreatment = .dispose, allowMissingBasis: Bool = false,
        washSale: WashSaleRule? = nil, assetClasses: AssetClasses = AssetClasses()
    ) {
        self.washSale = washSale
        self.assetClasses = assetClasses
        self.method = method
        self.methodByYear = methodByYear
        self.scope = scope
        self.scopeByYear = scopeByYear
        self.transferFee = transferFee
        self.allowMissingBasis = allowMissingBasis
    }

    public func method(for year: Int) -> LotMethod { methodByYear[year] ?? method }
    public func scope(for year: Int) -> BasisScope { scopeByYear[year] ?? scope }
}

/// What happens to a network fee paid, in the moved asset, by a transfer between the user's wallets.
public enum TransferFeeTreatment: String, Sendable, Hashable, CaseIterable, Codable {
    /// The fee units are disposed of at fair value: a (usually small) gain or loss. The conservative
    /// reading, and the default: paying a fee with property is a disposal of that property.
    case dispose
    /// The fee units leave with no gain or loss, and their basis is added to the moved units
    /// (treating the fee as a cost of moving them). Many practitioners use this.
    case addToBasis = "add-to-basis"
}
