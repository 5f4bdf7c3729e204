/// One entry of the API's `tools`: a function the model may call.
public struct ToolDefinition: Sendable, Hashable, Codable {
    public struct Function: Sendable, Hashable, Codable {
        public var name: String
        public var description: String?
        /// A JSON Schema object, kept as given.
        public var parameters: JSONValue?
        public var strict: Bool?

        public init(name: String, description: String? = nil, parameters: JSONValue? = nil, strict: Bool? = nil) {
            self.name = name
            self.description = description
            self.parameters = parameters
            self.strict = strict
        }
    }

    public var type: String
    public var function: Function

    public init(function: Function) {
        type = "function"
        self.function = function
    }

    public init(type: String, function: Function) {
        self.type = type
        self.function = function
    }
}
