import HarvestCore
import HarvestTestSupport

// `Sold` and `Held` (HarvestTestSupport/Rows.swift) hold only Sendable values (strings, quantities, money, a term), but
// being public they are not inferred Sendable, and the lot-method tests pass them as test arguments. Declared here until
// Rows.swift declares them `Sendable` itself; the compiler then only warns that this is redundant.
extension Sold: @unchecked Sendable {}
extension Held: @unchecked Sendable {}
