import Foundation
import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyStore
import ParleySync

/// Serves JSON-RPC 2.0 lines: parses them, checks them against the specification and the method catalogue,
/// runs the method and encodes the reply. It knows nothing of sockets; the daemon feeds it one line at a
/// time per connection and writes back what it returns.
public final class RPCDispatcher: Sendable {
    public let store: ParleyStore
    public let events: EventBus
    public let configuration: RPCConfiguration
    public let completions: ChatService
    public let sync: SyncService
    public let methods: [RPCMethod]
    private let methodsByName: [String: RPCMethod]

    /// Without `completions`, calls to the API answer that no key is configured.
    public init(
        store: ParleyStore, configuration: RPCConfiguration = RPCConfiguration(), events: EventBus = EventBus(),
        completions: ChatService = ChatService(configuration: DeepSeekConfiguration()),
        syncOptions: SyncOptions = SyncOptions()
    ) {
        self.store = store
        self.events = events
        self.configuration = configuration
        self.completions = completions
        self.sync = SyncService(engine: SyncEngine(store: store, options: syncOptions), events: events)
        self.methods = MethodCatalog.all
        self.methodsByName = Dictionary(uniqueKeysWithValues: methods.map { ($0.name, $0) })
    }

    /// What other adapters (the gateway) publish to this daemon's subscribers through.
    public var subscribers: SubscriberEvents { SubscriberEvents(bus: events) }

    /// A session for a new connection; `writer` sends its notifications straight to it (else they go through
    /// its outbox).
    public func openSession(number: Int, writer: (@Sendable (Data) async -> Void)? = nil) -> RPCSession {
        RPCSession(number: number, outboxCapacity: configuration.subscriberBufferEvents, writer: writer)
    }

    /// Forgets a closed connection's subscriptions and ends its outbox.
    public func closeSession(_ session: RPCSession) {
        connectionLost(session)
        events.removeAll(of: session)
        session.outbox.close()
    }

    /// Stops the generations of a connection the moment it closes, even while its requests are still running:
    /// nobody is left to read their deltas, and their text is kept as drafts.
    public func connectionLost(_ session: RPCSession) {
        completions.connectionClosed(session.number)
    }

    /// The reply to one line (without its newline), or nil when the line held only notifications.
    public func handle(line: Data, session: RPCSession) async -> Data? {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            return RPCResponseWriter.failure(id: .null, error: .parseError(error.description))
        }
        guard case let .array(members) = value else {
            return await reply(to: value, session: session)
        }
        guard !members.isEmpty else {
            return RPCResponseWriter.failure(id: .null, error: .invalidRequest("an empty batch"))
        }
        guard members.count <= configuration.maximumBatchSize else {
            return RPCResponseWriter.failure(
                id: .null,
                error: .limitExceeded(
                    what: "a batch of \(members.count) requests", limit: configuration.maximumBatchSize))
        }
        var replies: [Data] = []
        for member in members {
            if let reply = await reply(to: member, session: session) { replies.append(reply) }
        }
        return replies.isEmpty ? nil : RPCResponseWriter.batch(replies)
    }

    /// What ``handleImmediately(line:session:)`` did with a line.
    public enum ImmediateOutcome: Sendable {
        /// The line is answered: its reply, or nil when it was a notification.
        case answered(Data?)
        /// The line needs ``handle(line:session:)``: a batch, or a method that may suspend.
        case needsTask
    }

    /// Answers a line without suspending when it can be: a malformed line, or one request of a method with an
    /// immediate handler (a lookup by id, `system.ping`). A daemon calls it on the thread that read the line,
    /// which saves creating a task, hopping to it and back for the requests that are cheapest to serve.
    ///
    /// With `unorderedOnly`, only methods that may overtake earlier requests (`chat.cancel`) are answered: the
    /// connection's task still holds an earlier line.
    public func handleImmediately(line: Data, session: RPCSession, unorderedOnly: Bool = false) -> ImmediateOutcome {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            if unorderedOnly { return .needsTask }
            return .answered(RPCResponseWriter.failure(id: .null, error: .parseError(error.description)))
        }
        if case .array = value { return .needsTask }
        let request: RPCRequest
        switch RPCRequest.parse(value) {
        case let .success(parsed):
            request = parsed
        case let .failure(failure):
            if unorderedOnly { return .needsTask }
            return .answered(RPCResponseWriter.failure(id: failure.id, error: failure.error))
        }
        guard let method = methodsByName[request.method] else {
            if unorderedOnly { return .needsTask }
            return .answered(finish(request, .failure(.methodNotFound(request.method))))
        }
        guard let immediate = method.immediate, method.unordered || !unorderedOnly else { return .needsTask }
        let outcome = Self.outcome {
            let params = try validatedParams(request, for: method)
            return try immediate(params, context(for: session))
        }
        return .answered(finish(request, outcome))
    }

    /// The reply to one request object, or nil for a notification.
    private func reply(to value: JSONValue, session: RPCSession) async -> Data? {
        let request: RPCRequest
        switch RPCRequest.parse(value) {
        case let .success(parsed):
            request = parsed
        case let .failure(failure):
            return RPCResponseWriter.failure(id: failure.id, error: failure.error)
        }
        guard let method = methodsByName[request.method] else {
            return finish(request, .failure(.methodNotFound(request.method)))
        }
        let outcome = await Self.outcome {
            let params = try validatedParams(request, for: method)
            return try await method.handler(params, context(for: session))
        }
        return finish(request, outcome)
    }

    private func context(for session: RPCSession) -> RPCContext {
        RPCContext(
            store: store, events: events, configuration: configuration, session: session, completions: completions,
            sync: sync,
            methods: methods)
    }

    /// The request's params, checked against the names `method` accepts.
    private func validatedParams(_ request: RPCRequest, for method: RPCMethod) throws -> Params {
        if request.positional {
            throw ParleyError.invalidValue(
                field: "params", value: "an array", rule: "must be an object of named fields (by-name params)")
        }
        let params = Params(request.params)
        try params.requireOnly(method.paramNames, method: method.name)
        return params
    }

    /// The encoded result of `work`, or the error it threw as JSON-RPC sees it.
    private static func outcome(
        _ work: () throws -> any Encodable & Sendable
    ) -> Result<Data, RPCError> {
        do {
            return .success(try RPCResponseWriter.encode(try work()))
        } catch {
            return .failure(rpcError(error))
        }
    }

    /// ``outcome(_:)`` for work that may suspend.
    private static func outcome(
        _ work: () async throws -> any Encodable & Sendable
    ) async -> Result<Data, RPCError> {
        do {
            return .success(try RPCResponseWriter.encode(try await work()))
        } catch {
            return .failure(rpcError(error))
        }
    }

    private static func rpcError(_ error: any Error) -> RPCError {
        switch error {
        case let error as ParleyError: RPCError(error)
        case let error as RPCError: error
        default: .internalError("\(error)")
        }
    }

    /// The reply line for a request's outcome, or nil when the request was a notification.
    private func finish(_ request: RPCRequest, _ outcome: Result<Data, RPCError>) -> Data? {
        guard let id = request.id else { return nil }
        switch outcome {
        case let .success(result):
            do {
                return try RPCResponseWriter.success(id: id, result: result)
            } catch {
                return RPCResponseWriter.failure(id: id, error: .internalError("the reply could not be encoded"))
            }
        case let .failure(error):
            return RPCResponseWriter.failure(id: id, error: error)
        }
    }
}

extension RPCDispatcher {
    /// An error reply with a null id, for failures that belong to no request (a refused connection, a line
    /// over the limit).
    public static func errorLine(_ error: RPCError) -> Data {
        RPCResponseWriter.failure(id: .null, error: error)
    }
}
