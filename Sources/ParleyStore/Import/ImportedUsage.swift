/// Token counts an export recorded for one answer (llm's `input_tokens`/`output_tokens` and `token_details`,
/// Open WebUI's `usage`); stored as a usage record of the answer, with no cost unless the export gives one.
public struct ImportedUsage: Sendable, Hashable {
    public var promptTokens: Int
    public var completionTokens: Int
    /// Nil: the sum of the two.
    public var totalTokens: Int?
    public var promptCacheHitTokens: Int?
    public var promptCacheMissTokens: Int?
    public var reasoningTokens: Int?
    public var latencyMilliseconds: Int?

    public init(
        promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil, promptCacheHitTokens: Int? = nil,
        promptCacheMissTokens: Int? = nil, reasoningTokens: Int? = nil, latencyMilliseconds: Int? = nil
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
        self.promptCacheHitTokens = promptCacheHitTokens
        self.promptCacheMissTokens = promptCacheMissTokens
        self.reasoningTokens = reasoningTokens
        self.latencyMilliseconds = latencyMilliseconds
    }
}
