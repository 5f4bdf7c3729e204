/// Why a JSON export cannot be split into its conversations, and where: the byte offset from the start of the
/// file (from 0), so a truncated or damaged download can be told apart from a format Parley does not read.
struct JSONStreamFailure: Error, Sendable, Equatable, CustomStringConvertible {
    var offset: Int
    var problem: String

    var description: String { "\(problem) (at byte offset \(offset))" }
}
