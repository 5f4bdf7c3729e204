import ParleyCore
import ParleyDeepSeek

/// Why a completion produced no answer, for each frontend adapter to put in its own terms (a JSON-RPC error, an
/// OpenAI-shaped HTTP error). Invalid requests and storage failures are `ParleyError`s.
public enum ChatRunError: Error, Sendable {
    /// The API failed or was not called (no key); `keptDraft` holds what arrived before an interruption.
    case upstream(DeepSeekError, keptDraft: EntityID?)
    /// No generation can start now: the daemon is shutting down.
    case unavailable(String)
}
