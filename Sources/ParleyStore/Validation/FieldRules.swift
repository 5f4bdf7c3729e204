import Foundation
import ParleyCore

/// The rules for free-text fields that every repository shares, so one field gets one rule everywhere.
public enum FieldRules {
    /// A usage record's counts: 0 to ``UsageRecord/maximumCount``, and a cost of 0 or more.
    static func usageCounts(
        _ counts: [(String, Int?)], cost: DecimalAmount?, prefix: String = ""
    ) throws(ParleyError) {
        for (name, value) in counts {
            if let value, !(0...UsageRecord.maximumCount).contains(value) {
                throw .invalidValue(
                    field: prefix + name, value: "\(value)", rule: "must be from 0 to \(UsageRecord.maximumCount)")
            }
        }
        if let cost, cost < .zero {
            throw .invalidValue(field: prefix + "cost", value: cost.description, rule: "must be 0 or more")
        }
    }

    static let maximumTitleLength = 500
    static let maximumTagLength = 64
    static let maximumTagCount = 32
    static let maximumNameLength = 128

    static func title(_ title: String, field: String = "title") throws(ParleyError) -> String {
        if title.count > maximumTitleLength {
            throw .invalidValue(field: field, value: title, rule: "must be at most \(maximumTitleLength) characters")
        }
        if title.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalidValue(field: field, value: title, rule: "must be one line without control characters")
        }
        return title
    }

    /// Model ids such as `deepseek-v4-flash`: letters, digits and `._:/-`, 1 to 128 characters.
    public static func model(_ model: String, field: String = "model") throws(ParleyError) -> String {
        let allowed = model.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
                UInt8(ascii: "/"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
        guard allowed, (1...128).contains(model.utf8.count) else {
            throw .invalidValue(
                field: field, value: model, rule: "must be 1 to 128 of the characters A-Z a-z 0-9 . _ : / -")
        }
        return model
    }

    /// Trims each tag, drops repeats (keeping the first), and checks length and count.
    static func tags(_ tags: [String], field: String = "tags") throws(ParleyError) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for (index, raw) in tags.enumerated() {
            let tag = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !tag.isEmpty, tag.count <= maximumTagLength else {
                throw .invalidValue(
                    field: "\(field)[\(index)]", value: raw, rule: "must be 1 to \(maximumTagLength) characters")
            }
            if tag.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw .invalidValue(
                    field: "\(field)[\(index)]", value: raw, rule: "must not contain control characters")
            }
            if seen.insert(tag).inserted { result.append(tag) }
        }
        guard result.count <= maximumTagCount else {
            throw .invalidValue(
                field: field, value: "\(result.count) tags", rule: "must have at most \(maximumTagCount) tags")
        }
        return result
    }

    static func name(_ name: String?, field: String) throws(ParleyError) -> String? {
        guard let name else { return nil }
        guard (1...maximumNameLength).contains(name.count) else {
            throw .invalidValue(field: field, value: name, rule: "must be 1 to \(maximumNameLength) characters")
        }
        return name
    }

    /// Where a message or conversation came from: a gateway token's name or an import format, 1 to 64 printable
    /// characters.
    public static func source(_ source: String?, field: String = "source") throws(ParleyError) {
        guard let source else { return }
        guard (1...64).contains(source.count),
            !source.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw .invalidValue(
                field: field, value: source, rule: "must be 1 to 64 characters without control characters")
        }
    }

    /// An id in the export something was imported from: 1 to 256 characters without control characters.
    public static func sourceID(_ sourceID: String?, field: String = "source_id") throws(ParleyError) {
        guard let sourceID else { return }
        guard (1...256).contains(sourceID.count),
            !sourceID.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw .invalidValue(
                field: field, value: sourceID, rule: "must be 1 to 256 characters without control characters")
        }
    }

    static func limit(_ limit: Int, maximum: Int, field: String = "limit") throws(ParleyError) -> Int {
        guard (1...maximum).contains(limit) else {
            throw .invalidValue(field: field, value: "\(limit)", rule: "must be a whole number from 1 to \(maximum)")
        }
        return limit
    }
}
