import Foundation
import ParleyCore
import ParleyDeepSeek
import ParleyGateway

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The daemon's optional config file (`$PARLEY_CONFIG`, else `config.json` in the data folder): the API key,
/// where the API is, its timeouts and the price table.
///
/// ```json
/// {"api_key": "sk-…", "base_url": "https://api.deepseek.com", "idle_timeout_seconds": 120,
///  "prices": {"name": "mine-2026-11", "source": "…",
///             "models": {"deepseek-v4-flash": {"cache_hit_input": "0.0028", "cache_miss_input": "0.14",
///                                              "output": "0.28"}}}}
/// ```
///
/// A file that holds a key must be the user's alone: one that others can read is refused, so a key is never
/// used from a file that leaks it. Environment variables (`DEEPSEEK_API_KEY`, `DEEPSEEK_BASE_URL`,
/// `DEEPSEEK_BETA_URL`) win over the file.
struct DaemonConfigFile: Sendable {
    var apiKey: String?
    var baseURL: String?
    var betaURL: String?
    var connectTimeoutSeconds: Int?
    var idleTimeoutSeconds: Int?
    var prices: PriceTable?
    /// How often the daemon syncs in the background when a target is configured; 0 turns it off.
    var syncIntervalSeconds: Int?
    /// Where the OpenAI-compatible gateway listens (`127.0.0.1:8300`); nil leaves it off.
    var httpListen: String?

    private static let fields: Set<String> = [
        "api_key", "base_url", "beta_url", "connect_timeout_seconds", "http_listen", "idle_timeout_seconds", "prices",
        "sync_interval_seconds",
    ]

    /// Reads the file at `path`; an absent file is an empty configuration.
    static func load(path: String) throws(DaemonError) -> DaemonConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw .cannotStart("cannot read the config file \(path)")
            }
            return DaemonConfigFile()
        }
        let file = try parse(data, path: path)
        if file.apiKey != nil {
            var status = stat()
            if stat(path, &status) == 0, status.st_mode & 0o077 != 0 {
                throw .cannotStart(
                    "the config file \(path) holds an API key but others can read it (mode "
                        + "\(String(status.st_mode & 0o777, radix: 8))); run: chmod 600 \(path)")
            }
        }
        return file
    }

    static func parse(_ data: Data, path: String) throws(DaemonError) -> DaemonConfigFile {
        func refuse(_ field: String, _ rule: String) -> DaemonError {
            .cannotStart("the config file \(path): \(field) \(rule)")
        }
        let root: [String: JSONValue]
        do {
            guard let object = try JSONParser.parse(data).objectValue else {
                throw refuse("the file", "must hold a JSON object")
            }
            root = object
        } catch let error as DaemonError {
            throw error
        } catch {
            throw refuse("the file", "is not JSON: \(error)")
        }
        if let unknown = root.keys.filter({ !fields.contains($0) }).min() {
            throw refuse(unknown, "is not a setting (known: \(fields.sorted().joined(separator: ", ")))")
        }
        func text(_ name: String) throws(DaemonError) -> String? {
            switch root[name] {
            case nil, .null?: return nil
            case let .string(value)?: return value
            default: throw refuse(name, "must be a string")
            }
        }
        func seconds(_ name: String) throws(DaemonError) -> Int? {
            switch root[name] {
            case nil, .null?: return nil
            case let .integer(value)? where (1...86_400).contains(value): return Int(value)
            default: throw refuse(name, "must be a whole number of seconds from 1 to 86400")
            }
        }
        var file = DaemonConfigFile()
        file.apiKey = try text("api_key")
        file.baseURL = try text("base_url")
        file.betaURL = try text("beta_url")
        file.connectTimeoutSeconds = try seconds("connect_timeout_seconds")
        file.idleTimeoutSeconds = try seconds("idle_timeout_seconds")
        file.httpListen = try text("http_listen")
        if let listen = file.httpListen {
            do {
                _ = try GatewayListenAddress(parsing: listen, field: "http_listen")
            } catch {
                throw .cannotStart("the config file \(path): \(error.description)")
            }
        }
        switch root["sync_interval_seconds"] {
        case nil, .null?: break
        case let .integer(value)? where (0...86_400).contains(value): file.syncIntervalSeconds = Int(value)
        default: throw refuse("sync_interval_seconds", "must be a whole number of seconds from 0 (off) to 86400")
        }
        if let prices = root["prices"], prices != .null {
            file.prices = try priceTable(prices, refuse: refuse)
        }
        return file
    }

    /// The most a price may be, in USD per million tokens: far above any model's, far below where costs overflow.
    static let highestPrice = DecimalAmount(trusted: 1_000_000)
    static let priceFractionDigits = 12

    private static func priceTable(
        _ value: JSONValue, refuse: (String, String) -> DaemonError
    ) throws(DaemonError) -> PriceTable {
        guard let name = value["name"]?.stringValue, !name.isEmpty else {
            throw refuse("prices.name", "must name the table (it is stored on every usage record it prices)")
        }
        guard case let .object(models)? = value["models"], !models.isEmpty else {
            throw refuse("prices.models", "must map model ids to their prices")
        }
        var table = PriceTable(name: name, source: value["source"]?.stringValue ?? "the config file", models: [:])
        for (model, prices) in models {
            func amount(_ field: String) throws(DaemonError) -> DecimalAmount {
                let path = "prices.models.\(model).\(field)"
                guard let text = prices[field]?.stringValue,
                    let amount = try? DecimalAmount(validating: text, field: path), !(amount < .zero)
                else {
                    throw refuse(path, "must be a decimal string of USD per million tokens, such as \"0.14\"")
                }
                // Bounded so that the cost of any call the API can report stays an exact decimal of at most 38
                // digits, which every device reads back: a larger product could not be stored or synced.
                let fraction = text.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
                guard amount <= Self.highestPrice, fraction <= Self.priceFractionDigits else {
                    throw refuse(
                        path,
                        "must be at most \(Self.highestPrice) USD per million tokens, with at most "
                            + "\(Self.priceFractionDigits) digits after the point (it is \"\(text)\")")
                }
                return amount
            }
            table.models[model] = PriceTable.ModelPrices(
                cacheHitInput: try amount("cache_hit_input"), cacheMissInput: try amount("cache_miss_input"),
                output: try amount("output"))
        }
        return table
    }

    /// Seconds between background syncs: `PARLEY_SYNC_INTERVAL` first, then this file, then five minutes.
    func syncInterval(environment: [String: String]) throws(DaemonError) -> Int {
        guard let text = environment["PARLEY_SYNC_INTERVAL"], !text.isEmpty else { return syncIntervalSeconds ?? 300 }
        guard let seconds = Int(text), (0...86_400).contains(seconds) else {
            throw .cannotStart(
                "PARLEY_SYNC_INTERVAL \"\(text)\" must be a whole number of seconds from 0 (off) to 86400")
        }
        return seconds
    }

    /// Where the gateway listens: `flag` (`--http-listen`) first, then `PARLEY_HTTP_LISTEN`, then this file;
    /// nil when none names an address.
    func gatewayAddress(flag: String?, environment: [String: String]) throws(DaemonError) -> GatewayListenAddress? {
        let named: (text: String, field: String)? =
            if let flag, !flag.isEmpty {
                (flag, "--http-listen")
            } else if let variable = environment["PARLEY_HTTP_LISTEN"],
                !variable.isEmpty
            { (variable, "PARLEY_HTTP_LISTEN") } else if let httpListen { (httpListen, "http_listen") } else { nil }
        guard let named else { return nil }
        do {
            return try GatewayListenAddress(parsing: named.text, field: named.field)
        } catch {
            throw .cannotStart(error.description)
        }
    }

    /// The API client's configuration: the environment first, then this file, then the defaults.
    func deepSeekConfiguration(environment: [String: String]) -> DeepSeekConfiguration {
        func nonEmpty(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        var configuration = DeepSeekConfiguration(
            baseURL: nonEmpty("DEEPSEEK_BASE_URL") ?? baseURL ?? "https://api.deepseek.com",
            betaURL: nonEmpty("DEEPSEEK_BETA_URL") ?? betaURL, apiKey: nonEmpty("DEEPSEEK_API_KEY") ?? apiKey)
        if let connectTimeoutSeconds { configuration.connectTimeoutSeconds = connectTimeoutSeconds }
        if let idleTimeoutSeconds { configuration.idleTimeoutSeconds = idleTimeoutSeconds }
        return configuration
    }
}
