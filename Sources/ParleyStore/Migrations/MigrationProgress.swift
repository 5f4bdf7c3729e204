/// How far a long migration is, for a daemon to show while it starts: re-indexing a million messages for search
/// takes a while, and a silent start-up looks like a hang.
public struct MigrationProgress: Sendable, Equatable {
    /// The migration running, such as `0012_search_word_forms`.
    public var migration: String
    /// What it is doing, such as "re-indexing messages for search".
    public var activity: String
    public var done: Int
    public var total: Int
}
