import Foundation
import ParleyCore
import ParleyStore

/// Opens and checks one segment read from the target, trusting nothing in it: the envelope (checksum, seal),
/// the document (format, version, target, device, range, chain), and every record against the store's rules.
struct SegmentReader {
    let session: TargetSession
    let options: SyncOptions

    func document(
        _ data: Data, path: RemotePath, name: SegmentName, device: EntityID, after cursor: SyncCursor
    ) throws(ParleyError) -> SegmentDocument {
        let plaintext = try session.open(data, path: path, maximumPlaintextBytes: options.maximumPlaintextBytes)
        let document = try UntrustedJSON.decode(SegmentDocument.self, from: plaintext, path: path.description)
        func refuse(_ reason: String) -> ParleyError { .sync(path: path.description, reason: reason) }
        guard document.format == "parley-segment" else {
            throw refuse("is not a Parley segment (format \"\(document.format)\")")
        }
        guard document.version <= SegmentDocument.currentVersion else {
            throw refuse(
                "has segment format version \(document.version), written by a newer Parley; upgrade to read it")
        }
        guard document.version >= 1 else { throw refuse("has segment format version \(document.version)") }
        guard document.targetID == session.descriptor.targetID else {
            throw refuse(
                "belongs to target \(document.targetID), not this one (\(session.descriptor.targetID)): "
                    + "it was copied in from elsewhere")
        }
        guard document.deviceID == device else {
            throw refuse("was written by device \(document.deviceID) but lies in the folder of device \(device)")
        }
        guard document.first == name.first, document.last == name.last else {
            throw refuse(
                "covers changes \(document.first)-\(document.last) but its name says \(name.first)-\(name.last)")
        }
        guard document.previous == cursor.hash else {
            throw refuse(
                "does not continue the chain: it follows segment \(document.previous ?? "(none)") but the last "
                    + "segment imported from this device is \(cursor.hash ?? "(none)")")
        }
        guard document.records.count <= options.maximumSegmentRecords * 4 else {
            throw refuse("holds \(document.records.count) records, more than any Parley writes")
        }
        for (index, record) in document.records.enumerated() {
            do {
                try SyncRecordRules.validate(record, field: "records[\(index)]")
            } catch {
                throw refuse("\(error)")
            }
        }
        return document
    }
}
