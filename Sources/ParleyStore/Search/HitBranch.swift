import ParleyCore

/// Where a search hit sits when it is not on its conversation's current branch: which of the branches that
/// leave the current one at its fork leads to it.
///
/// Branches at a fork are the fork's live children (the conversation's live roots when there is no fork), oldest
/// first, so a hit on the second answer to a question is branch 2 of however many answers there are.
public struct HitBranch: Sendable, Hashable, Codable {
    /// The last message the hit's branch shares with the current branch; nil when they share none (the hit
    /// descends from another root).
    public var forkMessageID: EntityID?
    /// The 1-based position of the hit's branch among the branches at the fork.
    public var index: Int
    /// How many branches leave the fork.
    public var count: Int

    public init(forkMessageID: EntityID?, index: Int, count: Int) {
        self.forkMessageID = forkMessageID
        self.index = index
        self.count = count
    }

    enum CodingKeys: String, CodingKey {
        case index, count
        case forkMessageID = "fork_message_id"
    }
}
