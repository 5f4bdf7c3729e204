import Foundation
import ParleyCore
import ParleyStore

/// Writes Parley's own export: the entity states of each conversation, one conversation per line, in the
/// shape ``ParleyExportGroup`` describes.
struct ParleyJSONWriter {
    let store: ParleyStore

    /// With `unattached` (a whole-store export), what belongs to no stored conversation is written last.
    func write(_ ids: [EntityID], to path: String, unattached: Bool) throws(ParleyError) -> ExportSummary {
        var summary = ExportSummary(format: .parley, path: path)
        let file = try OutputFile(path: path)
        try file.write(
            #"{"format":"parley","version":\#(ParleyExportGroup.formatVersion),"exported_at":"#
                + #""\#(Self.now())","conversations":["#)
        var first = true
        func append(_ group: ParleyExportGroup) throws(ParleyError) {
            try file.write(first ? "\n" : ",\n")
            first = false
            do {
                try file.write(try JSONStreamEncoder.encodeBytes(group))
            } catch let error as ParleyError {
                throw error
            } catch {
                throw .storage(
                    reason: "conversation \(group.conversationID?.rawValue ?? "-") cannot be encoded: \(error)")
            }
            summary.messages += group.records.filter { $0.entity == .message }.count
        }
        for id in ids {
            guard let records = try store.exports.records(of: id) else { continue }
            try append(ParleyExportGroup(conversationID: id, records: records))
            summary.conversations += 1
        }
        if unattached {
            let records = try store.exports.unattachedRecords()
            if !records.isEmpty { try append(ParleyExportGroup(conversationID: nil, records: records)) }
        }
        try file.write("\n]}\n")
        try file.commit()
        summary.files = 1
        summary.bytes = file.written
        return summary
    }

    private static func now() -> String {
        RFC3339.string(fromMilliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
    }
}
