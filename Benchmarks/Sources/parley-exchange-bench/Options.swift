/// A subcommand's `--name value` options.
struct Options {
    private var values: [String: String] = [:]

    init?(_ arguments: ArraySlice<String>) {
        var arguments = arguments
        while let name = arguments.popFirst() {
            guard name.hasPrefix("--"), let value = arguments.popFirst() else { return nil }
            values[String(name.dropFirst(2))] = value
        }
    }

    func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw UsageError("--\(name) is required") }
        return value
    }

    /// An absolute path: the importer and exporter refuse relative ones.
    func path(_ name: String) throws -> String {
        let value = try string(name)
        guard value.hasPrefix("/") else { throw UsageError("--\(name) must be an absolute path") }
        return value
    }

    func int(_ name: String, default fallback: Int? = nil) throws -> Int {
        guard let text = values[name] else {
            guard let fallback else { throw UsageError("--\(name) is required") }
            return fallback
        }
        guard let value = Int(text), value > 0 else { throw UsageError("--\(name) must be a positive integer") }
        return value
    }

    func has(_ name: String) -> Bool { values[name] != nil }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
