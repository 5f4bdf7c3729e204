/// How search hits are ordered.
public enum SearchOrder: String, Sendable, CaseIterable, Codable {
    /// Best bm25 match first. Scoring reads every match, which is quick for words but not for a short prefix
    /// that matches a good part of a large store.
    case relevance
    /// Most recently stored first. FTS5 then reads matches newest first and stops after a page, however many
    /// there are; it is what a query of prefixes only (typed while searching as you type) gets by default.
    case recent
}
