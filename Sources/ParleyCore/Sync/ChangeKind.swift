/// The kinds of entity the change log records.
public enum ChangeEntity: String, Sendable, Codable, CaseIterable {
    case conversation, message, draft, usage
}

/// What a logged mutation did.
public enum ChangeOperation: String, Sendable, Codable, CaseIterable {
    case create, update, delete, restore
}

/// One row of the change log: which entity changed, how, and when by the hybrid logical clock.
///
/// Entities carry their own state (and per-field stamps), so the log names the change rather than copying it:
/// sync exports the current state of each changed entity.
public struct Change: Sendable, Hashable, Codable {
    /// Increases with every committed change on this device.
    public var sequence: Int64
    public var hlc: HybridTimestamp
    public var entity: ChangeEntity
    public var entityID: EntityID
    public var operation: ChangeOperation
    /// For an update, the names of the fields it changed.
    public var fields: [String]?

    public init(
        sequence: Int64, hlc: HybridTimestamp, entity: ChangeEntity, entityID: EntityID, operation: ChangeOperation,
        fields: [String]?
    ) {
        self.sequence = sequence
        self.hlc = hlc
        self.entity = entity
        self.entityID = entityID
        self.operation = operation
        self.fields = fields
    }

    enum CodingKeys: String, CodingKey {
        case hlc, entity, operation, fields
        case sequence = "seq"
        case entityID = "entity_id"
    }
}
