/// `{items, next_cursor}`: one page of a listing. `next_cursor` is null on the last page.
public struct ListPayload<Item: Encodable & Sendable>: Sendable, Encodable {
    public var items: [Item]
    public var nextCursor: String?
    /// Listings that are never paged (`message.list`, `draft.list`) leave out `next_cursor`.
    var paged: Bool

    public init(items: [Item], nextCursor: String?, paged: Bool = true) {
        self.items = items
        self.nextCursor = nextCursor
        self.paged = paged
    }

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        if paged { try container.encode(nextCursor, forKey: .nextCursor) }
    }
}
