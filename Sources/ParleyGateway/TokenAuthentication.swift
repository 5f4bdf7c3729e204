import Hummingbird
import ParleyStore

/// Lets through only requests that carry a token Parley issued (`Authorization: Bearer pk-parley-…`), and
/// remembers the token's name for the request. Parley's own DeepSeek key is never asked for nor accepted.
struct TokenAuthentication: RouterMiddleware {
    typealias Context = GatewayContext
    let store: ParleyStore

    func handle(
        _ request: Request, context: GatewayContext,
        next: (Request, GatewayContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return OpenAIError.unauthorized(
                "no token: send Authorization: Bearer <token>, with a token from `parley token create NAME`"
            ).response
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return OpenAIError.unauthorized("the Authorization header must be \"Bearer <token>\"").response
        }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard let name = try await store.tokens.authenticate(token) else {
            return OpenAIError.unauthorized(
                "the token is not one this Parley issued (or it was revoked): `parley token ls` lists them, "
                    + "`parley token create NAME` issues one"
            ).response
        }
        var context = context
        context.tokenName = name
        return try await next(request, context)
    }
}
