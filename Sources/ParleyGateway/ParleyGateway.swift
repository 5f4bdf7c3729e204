import HTTPTypes
import Hummingbird
import Logging
import ParleyChat
import ParleyCore
import ParleyStore
import ServiceLifecycle

/// The OpenAI-compatible HTTP API over Parley's services, so frontends Parley did not write (Open WebUI,
/// LibreChat, Continue, aider, `llm`, any OpenAI SDK) record into the same history: `GET /v1/models`,
/// `POST /v1/chat/completions` and `POST /v1/completions`, on a loopback port and on a Unix socket, every
/// request authenticated with a token Parley issued.
public struct ParleyGateway: Sendable {
    let store: ParleyStore
    let service: ChatService
    let events: any ChatEvents
    let logger: Logger
    private let owners = OwnerNumbers()

    public init(store: ParleyStore, service: ChatService, events: any ChatEvents, logger: Logger) {
        self.store = store
        self.service = service
        self.events = events
        self.logger = logger
    }

    /// One service per address, to run in the daemon's service group: the TCP address when given, and the
    /// Unix socket when given.
    public func services(tcp: GatewayListenAddress?, socketPath: String?) -> [any Service] {
        var services: [any Service] = []
        if let tcp {
            services.append(application(.hostname(tcp.host, port: tcp.port)))
        }
        if let socketPath {
            services.append(application(.unixDomainSocket(path: socketPath)))
        }
        return services
    }

    private func application(_ address: BindAddress) -> some Service {
        Application(
            router: router(),
            configuration: ApplicationConfiguration(address: address, serverName: "parley"),
            logger: logger)
    }

    func router() -> Router<GatewayContext> {
        let router = Router(context: GatewayContext.self)
        router.add(middleware: OpenAIErrors())
        router.add(middleware: TokenAuthentication(store: store))
        let chat = ChatCompletions(store: store, service: service, events: events, owners: owners)
        let completions = Completions(store: store, service: service, events: events)
        let models = Array(Set(service.prices.models.keys).union([Conversation.defaultModel])).sorted()
        router.group("v1")
            .get("models") { _, _ in
                GatewayJSON.response(
                    [
                        "object": "list",
                        "data": .array(
                            models.map { ["id": .string($0), "object": "model", "created": 0, "owned_by": "deepseek"] }),
                    ])
            }
            .post("chat/completions") { request, context in try await chat.handle(request, context: context) }
            .post("completions") { request, context in try await completions.handle(request, context: context) }
        return router
    }
}

/// Turns whatever a handler throws into OpenAI's error shape, and unknown paths into its 404.
struct OpenAIErrors: RouterMiddleware {
    typealias Context = GatewayContext

    func handle(
        _ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return OpenAIError(
                status: .notFound, message: "no such endpoint: \(request.method) \(request.uri.path)",
                type: "invalid_request_error", code: "unknown_url"
            ).response
        } catch let error as HTTPError {
            return OpenAIError(
                status: error.status, message: error.body ?? "\(error.status)", type: "invalid_request_error"
            ).response
        } catch {
            return OpenAIError.from(error).response
        }
    }
}
