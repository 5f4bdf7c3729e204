import Foundation
import ParleyCore
import ParleyStore

/// Serves JSON-RPC 2.0 lines: parses them, checks them against the specification and the method catalogue,
/// runs the method and encodes the reply. It knows nothing of sockets; the daemon feeds it one line at a
/// time per connection and writes back what it returns.
public final class RPCDispatcher: Sendable {
    public let store: ParleyStore
    public let events: EventBus
    public let configuration: RPCConfiguration
    public let methods: [RPCMethod]
    private let methodsByName: [String: RPCMethod]

    public init(store: ParleyStore, configuration: RPCConfiguration = RPCConfiguration(), events: EventBus = EventBus())
    {
        self.store = store
        self.events = events
        self.configuration = configuration
        self.methods = MethodCatalog.all
        self.methodsByName = Dictionary(uniqueKeysWithValues: methods.map { ($0.name, $0) })
    }

    /// A session for a new connection.
    public func openSession(number: Int) -> RPCSession {
        RPCSession(number: number, outboxCapacity: configuration.subscriberBufferEvents)
    }

    /// Forgets a closed connection's subscriptions and ends its outbox.
    public func closeSession(_ session: RPCSession) {
        events.removeAll(of: session)
        session.outbox.close()
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

    /// The reply to one request object, or nil for a notification.
    private func reply(to value: JSONValue, session: RPCSession) async -> Data? {
        let request: RPCRequest
        switch RPCRequest.parse(value) {
        case let .success(parsed):
            request = parsed
        case let .failure(failure):
            return RPCResponseWriter.failure(id: failure.id, error: failure.error)
        }
        let outcome: Result<Data, RPCError> = await run(request, session: session)
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

    private func run(_ request: RPCRequest, session: RPCSession) async -> Result<Data, RPCError> {
        guard let method = methodsByName[request.method] else {
            return .failure(.methodNotFound(request.method))
        }
        let context = RPCContext(
            store: store, events: events, configuration: configuration, session: session, methods: methods)
        do {
            if request.positional {
                throw ParleyError.invalidValue(
                    field: "params", value: "an array", rule: "must be an object of named fields (by-name params)")
            }
            let params = Params(request.params)
            try params.requireOnly(method.paramNames, method: method.name)
            let result = try await method.handler(params, context)
            return .success(try RPCResponseWriter.encode(result))
        } catch let error as ParleyError {
            return .failure(RPCError(error))
        } catch let error as RPCError {
            return .failure(error)
        } catch {
            return .failure(.internalError("\(error)"))
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
