extension GenerationSettings {
    /// These settings with every field that `overrides` sets replacing this one's: a call's own settings win
    /// over the conversation's, field by field.
    public func merged(with overrides: GenerationSettings) -> GenerationSettings {
        GenerationSettings(
            temperature: overrides.temperature ?? temperature, topP: overrides.topP ?? topP,
            maxTokens: overrides.maxTokens ?? maxTokens,
            frequencyPenalty: overrides.frequencyPenalty ?? frequencyPenalty,
            presencePenalty: overrides.presencePenalty ?? presencePenalty, stop: overrides.stop ?? stop,
            responseFormat: overrides.responseFormat ?? responseFormat, tools: overrides.tools ?? tools,
            toolChoice: overrides.toolChoice ?? toolChoice, thinking: overrides.thinking ?? thinking)
    }
}
