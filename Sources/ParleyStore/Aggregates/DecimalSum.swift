import Foundation
import GRDB
import ParleyCore

/// The SQL aggregate `decimal_sum(text)`: sums decimal strings exactly, where SQL's `sum()` would round
/// through doubles. NULLs are skipped; the result is NULL when every value was NULL.
struct DecimalSum: DatabaseAggregate {
    static let function = DatabaseFunction("decimal_sum", argumentCount: 1, pure: true, aggregate: DecimalSum.self)

    private var total: Decimal?

    init() {}

    mutating func step(_ values: [DatabaseValue]) throws {
        guard let text = String.fromDatabaseValue(values[0]) else { return }
        let amount = try DecimalAmount(validating: text, field: "usage_record.cost")
        total = (total ?? 0) + amount.value
    }

    func finalize() throws -> (any DatabaseValueConvertible)? {
        total.map { DecimalAmount(trusted: $0).description }
    }
}
