import ParleyCore
import ParleyStore

/// A format whose export is JSON with one element per conversation: a top-level array, an object holding a
/// `conversations` array, or (for a single-conversation file) the whole document.
///
/// A reader maps one element at a time, so a file of hundreds of megabytes is read with the memory of its
/// largest conversation.
protocol JSONConversationReader {
    static var format: ImportFormat { get }

    /// Whether `element`, the first conversation of a file, has this format's shape.
    static func recognizes(_ element: JSONValue) -> Bool

    /// The conversation `element` holds, with its whole tree; ``ImportItemFailure`` names what is damaged.
    static func conversation(from element: JSONValue) throws(ImportItemFailure) -> ImportedConversation
}
