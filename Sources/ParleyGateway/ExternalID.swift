import ParleyCore
import ParleyStore

/// Parley ids for a frontend's own ids (Open WebUI's chat and message ids, LibreChat's conversation id): a
/// UUID (version 8) hashed from the frontend's kind and its id, so the same chat maps to the same conversation
/// on every request and on every machine, with nothing to look up.
enum ExternalID {
    static func derive(_ namespace: String, _ id: String) -> EntityID {
        EntityID.nameBased("parley-external/\(namespace)/\(id)")
    }
}
