extension GenerationSettings {
    /// The API's limits, from the model's API page.
    public enum Limits {
        public static let maxTokens = 1...384_000
        public static let temperature = 0.0...2.0
        public static let topP = 0.0...1.0
        public static let penalty = -2.0...2.0
        public static let maximumTools = 128
    }

    /// Throws the first value that the API would reject, naming it as `field.<name>` (or `<name>` when `field`
    /// is empty: settings given as a method's own params).
    public func validate(field prefix: String = "settings") throws(ParleyError) {
        try Self.check(temperature, in: Limits.temperature, field: "\(Self.path(prefix))temperature")
        try Self.check(topP, in: Limits.topP, field: "\(Self.path(prefix))top_p")
        try Self.check(frequencyPenalty, in: Limits.penalty, field: "\(Self.path(prefix))frequency_penalty")
        try Self.check(presencePenalty, in: Limits.penalty, field: "\(Self.path(prefix))presence_penalty")
        if let maxTokens, !Limits.maxTokens.contains(maxTokens) {
            throw .invalidValue(
                field: "\(Self.path(prefix))max_tokens", value: "\(maxTokens)",
                rule: "must be a whole number from 1 to 384000")
        }
        try validateStop(field: "\(Self.path(prefix))stop")
        if let responseFormat, ResponseFormat.Kind(rawValue: responseFormat.type) == nil {
            throw .invalidValue(
                field: "\(Self.path(prefix))response_format.type", value: responseFormat.type,
                rule: "must be one of text, json_object")
        }
        try validateTools(field: prefix)
    }

    private static func path(_ prefix: String) -> String {
        prefix.isEmpty ? "" : prefix + "."
    }

    private static func check(_ value: Double?, in range: ClosedRange<Double>, field: String) throws(ParleyError) {
        guard let value else { return }
        guard value.isFinite, range.contains(value) else {
            throw .invalidValue(
                field: field, value: "\(value)",
                rule: "must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
    }

    private func validateStop(field: String) throws(ParleyError) {
        guard let stop else { return }
        let sequences = stop.sequences
        if sequences.count > StopSequences.maximumCount {
            throw .invalidValue(
                field: field, value: "\(sequences.count) strings",
                rule: "must be a string or at most \(StopSequences.maximumCount) strings")
        }
        if let index = sequences.firstIndex(where: \.isEmpty) {
            throw .invalidValue(field: "\(field)[\(index)]", value: "", rule: "must not be empty")
        }
    }

    private func validateTools(field prefix: String) throws(ParleyError) {
        let tools = self.tools ?? []
        if tools.count > Limits.maximumTools {
            throw .invalidValue(
                field: "\(Self.path(prefix))tools", value: "\(tools.count) tools",
                rule: "must list at most \(Limits.maximumTools) tools")
        }
        var names = Set<String>()
        for (index, tool) in tools.enumerated() {
            if tool.type != "function" {
                throw .invalidValue(
                    field: "\(Self.path(prefix))tools[\(index)].type", value: tool.type, rule: "must be function")
            }
            let name = tool.function.name
            if !Self.isValidFunctionName(name) {
                throw .invalidValue(
                    field: "\(Self.path(prefix))tools[\(index)].function.name", value: name,
                    rule: "must match [A-Za-z0-9_-]{1,64}")
            }
            if !names.insert(name).inserted {
                throw .invalidValue(
                    field: "\(Self.path(prefix))tools[\(index)].function.name", value: name,
                    rule: "must be unique among the tools")
            }
            if let parameters = tool.function.parameters, parameters.objectValue == nil {
                throw .invalidValue(
                    field: "\(Self.path(prefix))tools[\(index)].function.parameters",
                    value: (try? JSONCoding.encode(parameters)) ?? "",
                    rule: "must be a JSON Schema object")
            }
        }
        switch toolChoice {
        case let .unknown(mode):
            throw .invalidValue(
                field: "\(Self.path(prefix))tool_choice", value: mode,
                rule: "must be none, auto, required or {\"type\":\"function\",\"function\":{\"name\":…}}")
        case let .function(name) where !names.contains(name):
            throw .invalidValue(
                field: "\(Self.path(prefix))tool_choice.function.name", value: name, rule: "must name one of the tools")
        case .required where tools.isEmpty:
            throw .invalidValue(
                field: "\(Self.path(prefix))tool_choice", value: "required", rule: "needs at least one tool")
        default:
            break
        }
    }

    /// `[A-Za-z0-9_-]{1,64}`, the API's rule for function names.
    static func isValidFunctionName(_ name: String) -> Bool {
        let utf8 = name.utf8
        return (1...64).contains(utf8.count)
            && utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    true
                default:
                    false
                }
            }
    }
}
