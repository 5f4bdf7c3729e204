import ParleyCore

/// The named params of one request, read field by field with errors that name the field, the value and the
/// rule. A JSON `null` reads as an absent field.
public struct Params: Sendable {
    public let fields: [String: JSONValue]

    public init(_ fields: [String: JSONValue]) {
        self.fields = fields
    }

    /// Refuses any field the method does not define, so a typo (`conversation`) is an error, not a no-op.
    func requireOnly(_ known: Set<String>, method: String) throws(ParleyError) {
        let unknowns = fields.keys.filter { !known.contains($0) }
        guard let unknown = unknowns.min() else { return }
        let accepted = known.isEmpty ? "none" : known.sorted().joined(separator: ", ")
        throw .invalidValue(
            field: unknown, value: Self.describe(fields[unknown] ?? .null),
            rule: "is not a parameter of \(method) (accepted: \(accepted))")
    }

    func value(_ name: String) -> JSONValue? {
        guard let value = fields[name], value != .null else { return nil }
        return value
    }

    func required(_ name: String) throws(ParleyError) -> JSONValue {
        guard let value = value(name) else {
            throw .invalidValue(field: name, value: "", rule: "is required")
        }
        return value
    }

    // MARK: - Typed fields

    public func string(_ name: String) throws(ParleyError) -> String {
        let value = try required(name)
        guard case let .string(text) = value else { throw Self.wrongType(name, value, "must be a string") }
        return text
    }

    public func optionalString(_ name: String) throws(ParleyError) -> String? {
        value(name) == nil ? nil : try string(name)
    }

    public func id(_ name: String) throws(ParleyError) -> EntityID {
        try EntityID(validating: try string(name), field: name)
    }

    public func optionalID(_ name: String) throws(ParleyError) -> EntityID? {
        value(name) == nil ? nil : try id(name)
    }

    public func integer(_ name: String, in range: ClosedRange<Int>) throws(ParleyError) -> Int {
        let value = try required(name)
        let number: Int? =
            switch value {
            case let .integer(integer): Int(exactly: integer)
            case let .double(double): Int(exactly: double)
            default: nil
            }
        guard let number, range.contains(number) else {
            throw Self.wrongType(
                name, value, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    public func optionalInteger(_ name: String, in range: ClosedRange<Int>) throws(ParleyError) -> Int? {
        value(name) == nil ? nil : try integer(name, in: range)
    }

    /// A number; its range is checked by the rules of the value it feeds (generation settings).
    public func optionalDouble(_ name: String) throws(ParleyError) -> Double? {
        switch value(name) {
        case nil: return nil
        case let .integer(integer)?: return Double(integer)
        case let .double(double)?: return double
        case let other?: throw Self.wrongType(name, other, "must be a number")
        }
    }

    public func optionalBool(_ name: String) throws(ParleyError) -> Bool? {
        guard let value = value(name) else { return nil }
        guard case let .bool(flag) = value else { throw Self.wrongType(name, value, "must be true or false") }
        return flag
    }

    public func optionalStrings(_ name: String) throws(ParleyError) -> [String]? {
        guard let value = value(name) else { return nil }
        guard case let .array(items) = value else { throw Self.wrongType(name, value, "must be an array of strings") }
        var strings: [String] = []
        for (index, item) in items.enumerated() {
            guard case let .string(text) = item else {
                throw Self.wrongType("\(name)[\(index)]", item, "must be a string")
            }
            strings.append(text)
        }
        return strings
    }

    /// A string field that must be one of an enumeration's raw values.
    public func optionalChoice<Choice: RawRepresentable & CaseIterable>(
        _ name: String, of type: Choice.Type
    ) throws(ParleyError) -> Choice? where Choice.RawValue == String {
        guard let text = try optionalString(name) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw .invalidValue(field: name, value: text, rule: "must be one of \(allowed)")
        }
        return choice
    }

    public func choice<Choice: RawRepresentable & CaseIterable>(
        _ name: String, of type: Choice.Type
    ) throws(ParleyError) -> Choice where Choice.RawValue == String {
        guard let choice = try optionalChoice(name, of: type) else {
            throw .invalidValue(field: name, value: "", rule: "is required")
        }
        return choice
    }

    /// An RFC 3339 time (`2026-11-25T09:30:00Z`, offsets and fractions allowed) as milliseconds since 1970.
    public func optionalTime(_ name: String) throws(ParleyError) -> Int64? {
        guard let text = try optionalString(name) else { return nil }
        guard let milliseconds = RFC3339.milliseconds(from: text) else {
            throw .invalidValue(
                field: name, value: text, rule: "must be an RFC 3339 time such as 2026-11-25T09:30:00Z")
        }
        return milliseconds
    }

    /// A structured field decoded through its `Codable` form (settings, content parts, tool calls).
    public func optionalDecoded<Value: Decodable>(
        _ name: String, as type: Value.Type, rule: String
    ) throws(ParleyError)
        -> Value?
    {
        guard let value = value(name) else { return nil }
        do {
            return try JSONCoding.decode(Value.self, from: try JSONCoding.encode(value))
        } catch let error as ParleyError {
            throw error
        } catch {
            throw Self.wrongType(name, value, rule)
        }
    }

    // MARK: - Errors

    static func wrongType(_ name: String, _ value: JSONValue, _ rule: String) -> ParleyError {
        .invalidValue(field: name, value: describe(value), rule: rule)
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case let .string(text): text
        default: (try? JSONCoding.encode(value)) ?? "?"
        }
    }
}
