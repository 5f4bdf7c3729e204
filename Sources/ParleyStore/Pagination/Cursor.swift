import Foundation
import ParleyCore

/// An opaque pagination cursor: the sort key of the last item of a page, as base64url JSON.
///
/// Keyset cursors stay correct while rows are added, unlike offsets, and cost one index seek per page.
struct Cursor: Equatable {
    /// The sort key: numbers and strings, in the order of the listing's ORDER BY.
    var key: [JSONValue]

    init(_ key: [JSONValue]) {
        self.key = key
    }

    init(decoding text: String, field: String = "cursor") throws(ParleyError) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let key = try? JSONDecoder().decode([JSONValue].self, from: data)
        else {
            throw .invalidValue(field: field, value: text, rule: "must be a next_cursor returned by an earlier call")
        }
        self.key = key
    }

    var encoded: String {
        let data = (try? JSONEncoder().encode(key)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The key's parts as the given types, or an error naming the cursor when it belongs to another listing.
    func integer(_ index: Int, field: String = "cursor") throws(ParleyError) -> Int64 {
        guard index < key.count, case let .integer(value) = key[index] else { throw mismatch(field) }
        return value
    }

    func double(_ index: Int, field: String = "cursor") throws(ParleyError) -> Double {
        guard index < key.count else { throw mismatch(field) }
        switch key[index] {
        case let .double(value): return value
        case let .integer(value): return Double(value)
        default: throw mismatch(field)
        }
    }

    func string(_ index: Int, field: String = "cursor") throws(ParleyError) -> String {
        guard index < key.count, case let .string(value) = key[index] else { throw mismatch(field) }
        return value
    }

    private func mismatch(_ field: String) -> ParleyError {
        .invalidValue(field: field, value: encoded, rule: "must be a next_cursor returned by the same kind of listing")
    }
}
