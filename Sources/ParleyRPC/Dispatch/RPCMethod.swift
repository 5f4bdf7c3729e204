import ParleyCore

/// One method of the API: its name, its documented params and result (which `rpc.discover` publishes and
/// which decide the fields a call may send), and the code that serves it.
public struct RPCMethod: Sendable {
    public typealias Handler = @Sendable (Params, RPCContext) async throws -> any Encodable & Sendable
    public typealias ImmediateHandler = @Sendable (Params, RPCContext) throws -> any Encodable & Sendable

    public var name: String
    public var summary: String
    public var params: [ParamSpec]
    public var result: ResultSpec
    let handler: Handler
    /// The same work for methods that never suspend (cheap lookups by id), so a daemon can answer them on the
    /// thread that read the request, without a task; nil for everything that waits (writes, long reads).
    let immediate: ImmediateHandler?
    /// Whether a daemon may answer it ahead of earlier requests of the same connection still running: a call that
    /// acts on those requests (`chat.cancel`) would otherwise wait for the very call it is meant to stop.
    let unordered: Bool
    /// The names in ``params``, the only fields a call may send.
    let paramNames: Set<String>

    public init(name: String, summary: String, params: [ParamSpec], result: ResultSpec, handler: @escaping Handler) {
        self.name = name
        self.summary = summary
        self.params = params
        self.result = result
        self.handler = handler
        self.immediate = nil
        self.unordered = false
        self.paramNames = Set(params.map(\.name))
    }

    /// A method that never suspends: it runs inline wherever it is called. An `unordered` one may be answered
    /// ahead of the connection's earlier requests.
    public init(
        name: String, summary: String, params: [ParamSpec], result: ResultSpec, unordered: Bool = false,
        immediate: @escaping ImmediateHandler
    ) {
        self.name = name
        self.summary = summary
        self.params = params
        self.result = result
        self.handler = { params, context in try immediate(params, context) }
        self.immediate = immediate
        self.unordered = unordered
        self.paramNames = Set(params.map(\.name))
    }
}

/// A named parameter with its JSON Schema.
public struct ParamSpec: Sendable {
    public var name: String
    public var schema: JSONValue
    public var required: Bool
    public var summary: String

    public init(_ name: String, _ schema: JSONValue, required: Bool = false, _ summary: String = "") {
        self.name = name
        self.schema = schema
        self.required = required
        self.summary = summary
    }
}

/// A method's result, named and described by a JSON Schema.
public struct ResultSpec: Sendable {
    public var name: String
    public var schema: JSONValue

    public init(_ name: String, _ schema: JSONValue) {
        self.name = name
        self.schema = schema
    }
}
