import Foundation
import ParleyTransfer

/// Where the API is, the key to use, and how long to wait for it.
///
/// The key lives only in memory: it is read from the environment or the daemon's config file and sent in the
/// `Authorization` header, and never logged (``description`` hides it), stored or synced.
public struct DeepSeekConfiguration: Sendable, CustomStringConvertible {
    public var baseURL: String
    /// Prefix continuation and FIM go here.
    public var betaURL: String
    public var apiKey: String?
    public var connectTimeoutSeconds = 10
    /// A stream with no byte for this long (keep-alive comments count) is cut off.
    public var idleTimeoutSeconds = 120
    public var retry = RetryPolicy()

    public init(baseURL: String = "https://api.deepseek.com", betaURL: String? = nil, apiKey: String? = nil) {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.baseURL = base
        self.betaURL = betaURL ?? base + "/beta"
        self.apiKey = apiKey
    }

    /// `DEEPSEEK_BASE_URL`, `DEEPSEEK_BETA_URL` and `DEEPSEEK_API_KEY`, else the defaults and `fallbackKey`.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, fallbackKey: String? = nil
    ) -> DeepSeekConfiguration {
        let key = environment["DEEPSEEK_API_KEY"].flatMap { $0.isEmpty ? nil : $0 } ?? fallbackKey
        return DeepSeekConfiguration(
            baseURL: environment["DEEPSEEK_BASE_URL"] ?? "https://api.deepseek.com",
            betaURL: environment["DEEPSEEK_BETA_URL"], apiKey: key)
    }

    public var description: String {
        "DeepSeekConfiguration(baseURL: \(baseURL), betaURL: \(betaURL), apiKey: \(apiKey == nil ? "none" : "set"))"
    }
}
