/// Why a stream, or the setup before it, failed: kept as text for the report.
struct StreamFailure: Error, CustomStringConvertible {
    var description: String
}
