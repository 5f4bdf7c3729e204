import Hummingbird

/// What a gateway request carries besides itself: the name of the token it was authenticated with, which is
/// recorded as the source of everything it stores.
public struct GatewayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The issued token's name (`open-webui`, `aider`…); empty until ``TokenAuthentication`` has run.
    public var tokenName = ""

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// A request with a long conversation and pasted files is several MiB of JSON.
    public var maxUploadSize: Int { 64 << 20 }
}
