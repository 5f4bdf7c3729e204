import ParleyCore

/// JSON Schema fragments for the method catalogue, so each method states its params and result in one place.
enum Schema {
    static let string: JSONValue = ["type": "string"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let id: JSONValue = ["type": "string", "format": "uuid"]
    static let nullableID: JSONValue = ["type": ["string", "null"], "format": "uuid"]
    static let time: JSONValue = ["type": "string", "format": "date-time"]
    static let decimal: JSONValue = ["type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"]
    static let anyValue: JSONValue = [:]
    static let content: JSONValue = [
        "oneOf": [["type": "string"], ["type": "array", "items": ["type": "object", "required": ["type"]]]]
    ]

    static func integer(minimum: Int, maximum: Int) -> JSONValue {
        ["type": "integer", "minimum": .integer(Int64(minimum)), "maximum": .integer(Int64(maximum))]
    }

    static func nullable(_ type: String) -> JSONValue {
        ["type": [.string(type), "null"]]
    }

    static func choice(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map { .string($0) })]
    }

    static func array(of items: JSONValue) -> JSONValue {
        ["type": "array", "items": items]
    }

    static func ref(_ name: String) -> JSONValue {
        ["$ref": .string("#/components/schemas/\(name)")]
    }

    static func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) })]
    }

    static func list(of item: String, paged: Bool) -> JSONValue {
        var properties: [String: JSONValue] = ["items": array(of: ref(item))]
        if paged { properties["next_cursor"] = nullable("string") }
        return object(properties, required: Array(properties.keys).sorted())
    }
}
