import ParleyCore
import Testing

/// The parts of a `ParleyError` a test checks, recording an issue when `body` throws something else or nothing.
enum ParleyErrorCapture {
    /// The path and reason of the `.sync` error `body` throws.
    static func sync(
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) -> (path: String?, reason: String)? {
        guard let error = capture(sourceLocation: sourceLocation, body) else { return nil }
        guard case let .sync(path, reason) = error else {
            Issue.record("expected a sync error, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
        return (path, reason)
    }

    /// The path and reason of the `.sync` error `body` throws, for a call that waits on a server.
    static func async(
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async -> (path: String?, reason: String)? {
        guard let error = await captureAsync(sourceLocation: sourceLocation, body) else { return nil }
        guard case let .sync(path, reason) = error else {
            Issue.record("expected a sync error, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
        return (path, reason)
    }

    /// The field, value and rule of the `.invalidValue` error an async `body` throws.
    static func asyncInvalidValue(
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async -> (field: String, value: String, rule: String)? {
        guard let error = await captureAsync(sourceLocation: sourceLocation, body) else { return nil }
        guard case let .invalidValue(field, value, rule) = error else {
            Issue.record("expected an invalid value error, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
        return (field, value, rule)
    }

    private static func captureAsync(
        sourceLocation: SourceLocation, _ body: () async throws -> Void
    ) async -> ParleyError? {
        do {
            try await body()
            Issue.record("expected an error, but nothing was thrown", sourceLocation: sourceLocation)
            return nil
        } catch let thrown as ParleyError {
            return thrown
        } catch {
            Issue.record("expected a ParleyError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// The field, value and rule of the `.invalidValue` error `body` throws.
    static func invalidValue(
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) -> (field: String, value: String, rule: String)? {
        guard let error = capture(sourceLocation: sourceLocation, body) else { return nil }
        guard case let .invalidValue(field, value, rule) = error else {
            Issue.record("expected an invalid value error, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
        return (field, value, rule)
    }

    private static func capture(sourceLocation: SourceLocation, _ body: () throws -> Void) -> ParleyError? {
        do {
            try body()
        } catch let error as ParleyError {
            return error
        } catch {
            Issue.record("expected a ParleyError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
        Issue.record("expected an error, but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    }
}
