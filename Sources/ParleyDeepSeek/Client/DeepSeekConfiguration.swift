import Foundation

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

/// How failed requests are retried: only before an answer started, with exponential backoff and jitter,
/// honouring `Retry-After`, within a number of attempts and a total wait.
public struct RetryPolicy: Sendable {
    public var maximumAttempts = 4
    public var firstDelaySeconds = 0.5
    public var maximumDelaySeconds = 8.0
    public var maximumTotalWaitSeconds = 30.0

    public init() {}

    /// The wait before attempt `attempt + 1`: `Retry-After` when the server gave one, else a random time
    /// between half and all of a delay that doubles with each attempt.
    func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), maximumDelaySeconds) }
        let ceiling = min(firstDelaySeconds * pow(2, Double(attempt - 1)), maximumDelaySeconds)
        return Double.random(in: ceiling / 2...ceiling)
    }

    /// Seconds from a `Retry-After` value: a number of seconds or an HTTP date.
    static func retryAfterSeconds(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds.isFinite { return max(seconds, 0) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(date.timeIntervalSince(now), 0)
    }
}
