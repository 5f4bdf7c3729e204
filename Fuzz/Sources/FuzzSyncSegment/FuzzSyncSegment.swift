import Crypto
import Foundation
import FuzzSupport
import ParleyCore
import ParleyStore

@testable import ParleySync

/// Bytes read from a sync target, which anyone with write access to the share controls: every decoder sync runs
/// on them, fed the same input.
///
/// - zlib: `Deflate.decompress` (bounded), and compress then decompress gives the input back.
/// - The envelope: `SegmentEnvelope.open` with no key and with a fixed key, as read and with its checksum fixed
///   up (as an attacker who edits a file would do), so the fuzzer gets past the SHA-256 to the flags, the seal and
///   the compressed body; and seal then open gives the input back.
/// - The documents, from the input itself and from whatever an envelope opened to: `SegmentDocument` through
///   `SegmentReader.document` (format, target, device, range, chain, and `SyncRecordRules.validate` on every
///   record) under a session whose target, device, name and cursor match the document, so the checks reach the
///   records; `DeviceHead` with the checks `TargetSession` makes; `TargetDescriptor.decode`. A document that passes
///   must survive the exporter's encoding and decoding unchanged, or a device would export what it cannot import.
///   A document that passes is then merged into a real store as the importer does (`store.sync.apply`, after the
///   clock check), where a `.storage` error means a record the rules let through breaks the SQL.
/// - Names from a listing: `SegmentName`, `HeadName`, `RemotePath`.

/// The key of an encrypted target in this run: fixed, so a crash reproduces from its artifact.
private let fixedKey = SymmetricKey(data: Data((0..<32).map { UInt8($0) }))

/// A target folder for the session `SegmentReader` needs; nothing is ever read from or written to it.
private let folder = ScratchFolder(prefix: "parley-fuzz-sync-")

/// Small enough that bombs are refused quickly, large enough for any input libFuzzer makes.
private let maximumPlaintextBytes = 1 << 20

/// A wall clock fixed at 2027-01-15, so the skew check does not depend on when the run happens.
private let clock = HybridLogicalClock(
    deviceID: EntityID(trusted: "00000000-0000-4000-8000-000000000001"), wallClock: { 1_800_000_000_000 })

private let placeholderID = EntityID(trusted: "00000000-0000-4000-8000-0000000000ff")

/// How many documents one store takes in before a fresh one replaces it, so merges stay fast.
private let documentsPerStore = 2_000

/// The store valid documents are merged into, as on the device that imports them; replaced every
/// ``documentsPerStore`` documents. libFuzzer calls the target from one thread, one input at a time.
private nonisolated(unsafe) var importer: (folder: ScratchFolder, store: ParleyStore)?
private nonisolated(unsafe) var documentsImported = 0

private func importingStore() -> ParleyStore {
    if let importer, documentsImported % documentsPerStore != 0 { return importer.store }
    if let importer {
        try? importer.store.close()
        importer.folder.remove()
    }
    let folder = ScratchFolder(prefix: "parley-fuzz-import-")
    var configuration = StoreConfiguration()
    configuration.wallClock = { 1_800_000_000_000 }
    do {
        let store = try ParleyStore.open(path: folder.file("parley.sqlite"), configuration: configuration)
        importer = (folder, store)
        return store
    } catch {
        fatalError("cannot open a scratch store: \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = inputData(start, count)
    fuzzDeflate(data)
    var plaintexts = [data]
    plaintexts += fuzzEnvelope(data)
    for plaintext in plaintexts {
        fuzzSegment(plaintext)
        fuzzHead(plaintext)
        fuzzDescriptor(plaintext)
    }
    fuzzNames(data)
    return 0
}

private func fuzzDeflate(_ data: Data) {
    _ = try? Deflate.decompress(data, maximumBytes: maximumPlaintextBytes, path: "fuzz")
    do {
        let restored = try Deflate.decompress(Deflate.compress(data), maximumBytes: data.count, path: "fuzz")
        if restored != data { finding("deflate does not round-trip \(data.count) bytes") }
    } catch {
        finding("what Deflate.compress wrote does not decompress: \(error)")
    }
}

/// Every plaintext an envelope opened to.
private func fuzzEnvelope(_ data: Data) -> [Data] {
    let path = "parley/devices/\(placeholderID.rawValue)/0000000000000001-0000000000000001.seg"
    let fixed = data + Data(SHA256.hash(data: data))
    var opened: [Data] = []
    for file in [data, fixed] {
        for key in [nil, fixedKey] {
            if let plaintext = try? SegmentEnvelope.open(
                file, key: key, associatedPath: path, maximumPlaintextBytes: maximumPlaintextBytes)
            {
                opened.append(plaintext)
            }
        }
    }
    for key in [nil, fixedKey] {
        let sealed = SegmentEnvelope.seal(data, key: key, associatedPath: path)
        do {
            let plaintext = try SegmentEnvelope.open(
                sealed, key: key, associatedPath: path, maximumPlaintextBytes: max(data.count, 1))
            if plaintext != data { finding("the envelope does not round-trip (key: \(key != nil))") }
        } catch {
            finding("a sealed file does not open (key: \(key != nil)): \(error)")
        }
        _ = SegmentEnvelope.checksum(sealed)
    }
    return opened
}

/// The segment document, read the way the importer reads it.
private func fuzzSegment(_ plaintext: Data) {
    guard let decoded = try? UntrustedJSON.decode(SegmentDocument.self, from: plaintext, path: "fuzz") else { return }
    // A session, name and cursor that agree with the document, so that the reader's checks pass wherever the
    // document is consistent and the record rules get to run.
    let device = decoded.deviceID
    let name =
        decoded.first >= 1 && decoded.last >= decoded.first
        ? SegmentName(first: decoded.first, last: decoded.last) : SegmentName(first: 1, last: 1)
    let cursor = SyncCursor(sequence: name.first - 1, hash: decoded.previous)
    let descriptor = TargetDescriptor(
        format: TargetDescriptor.formatName, version: TargetDescriptor.currentVersion, targetID: decoded.targetID,
        createdAt: 1_795_000_000_000, encryption: nil)
    let directory: LocalDirectory
    let path: RemotePath
    do {
        directory = try LocalDirectory(url: folder.path)
        path = try SyncLayout.segment(of: device, name)
    } catch {
        finding("cannot make the reader's session: \(error)")
    }
    let session = TargetSession(directory: directory, descriptor: descriptor, key: nil, heads: HeadCache())
    let reader = SegmentReader(session: session, options: SyncOptions())
    let sealed = SegmentEnvelope.seal(plaintext, key: nil, associatedPath: path.description)
    let document: SegmentDocument
    do {
        document = try reader.document(sealed, path: path, name: name, device: device, after: cursor)
    } catch {
        _ = "\(error)"
        return
    }
    for (index, record) in document.records.enumerated() {
        _ = record.id
        _ = record.entity
        for stamp in record.stamps {
            _ = stamp.description
            _ = try? clock.check(stamp, field: "records[\(index)].hlc")
        }
    }
    if let newest = document.records.flatMap(\.stamps).max() { _ = try? clock.check(newest) }
    // What the exporter writes of these records must read back as the same records.
    do {
        let encoded = try JSONStreamEncoder.encode(document)
        let again = try UntrustedJSON.decode(SegmentDocument.self, from: encoded, path: "fuzz")
        if again.records != document.records {
            let text = String(decoding: encoded, as: UTF8.self)
            finding("a valid segment's records change through encode and decode: \(text)")
        }
        for (index, record) in again.records.enumerated() {
            try SyncRecordRules.validate(record, field: "records[\(index)]")
        }
    } catch {
        finding("a valid segment does not survive encode and decode: \(error)")
    }
    merge(document, sealed: sealed)
}

/// What `SegmentImporter` does with a segment that passed the reader: refuse it for stamps from the future, else
/// merge its records and move the device's cursor in one transaction.
private func merge(_ document: SegmentDocument, sealed: Data) {
    let store = importingStore()
    documentsImported += 1
    guard document.deviceID != store.deviceID else { return }
    for record in document.records {
        for stamp in record.stamps where (try? store.clock.check(stamp)) == nil { return }
    }
    runBlocking {
        do {
            let peers = try store.sync.peers()
            let cursor = peers.first { $0.deviceID == document.deviceID }?.cursor ?? .start
            let next = SyncCursor(sequence: document.last, hash: SegmentEnvelope.checksum(sealed))
            _ = try await store.sync.apply(
                document.records, from: document.deviceID, after: cursor, advancingTo: next, seenAt: 1_800_000_000_000)
            if let newest = document.records.flatMap(\.stamps).max() { try store.clock.receive(newest) }
        } catch {
            if case .storage(let reason)? = error as? ParleyError {
                finding("merging a segment the reader accepted fails in SQLite: \(reason)")
            }
            return
        }
        await readBack(document, from: store)
    }
}

/// What the daemon then serves from the merged rows: a store that took a segment in must still answer lists,
/// trees and usage totals; a `.storage` error there means the records poisoned it.
private func readBack(_ document: SegmentDocument, from store: ParleyStore) async {
    var conversations = Set<EntityID>()
    for record in document.records {
        switch record {
        case .conversation(let conversation, _): conversations.insert(conversation.id)
        case .message(let message): conversations.insert(message.conversationID)
        case .draft(let draft, _): conversations.insert(draft.conversationID)
        case .usage: break
        }
    }
    func check(_ what: String, _ read: () async throws(ParleyError) -> Void) async {
        do {
            try await read()
        } catch {
            if case .storage(let reason) = error {
                finding("\(what) fails after a merge the reader accepted: \(reason)")
            }
        }
    }
    await check("conversation.list") { () throws(ParleyError) in _ = try await store.conversations.list() }
    for id in conversations.prefix(4) {
        await check("message tree") { () throws(ParleyError) in _ = try await store.messages.tree(conversationID: id) }
        await check("draft list") { () throws(ParleyError) in _ = try await store.drafts.list(conversationID: id) }
    }
    for grouping in UsageGrouping.allCases {
        await check("usage summary") { () throws(ParleyError) in _ = try await store.usage.summary(groupBy: grouping) }
    }
}

/// A device's head, with the checks `TargetSession` makes before trusting it.
private func fuzzHead(_ plaintext: Data) {
    guard let head = try? UntrustedJSON.decode(DeviceHead.self, from: plaintext, path: "fuzz") else { return }
    _ = head.format == "parley-head" && head.version == 1 && head.lastSequence >= 0
    do {
        let encoded = try JSONStreamEncoder.encode(head)
        let again = try UntrustedJSON.decode(DeviceHead.self, from: encoded, path: "fuzz")
        if again != head { finding("a head changes through encode and decode: \(head) vs \(again)") }
    } catch {
        finding("a head does not survive encode and decode: \(error)")
    }
}

/// `parley/target.json`: its checks, its encoding, and (when cheap) a key derived from its parameters.
private func fuzzDescriptor(_ plaintext: Data) {
    guard let descriptor = try? TargetDescriptor.decode(plaintext) else { return }
    do {
        let again = try TargetDescriptor.decode(descriptor.encoded())
        if again != descriptor { finding("a descriptor changes through encode and decode: \(descriptor)") }
    } catch {
        finding("a valid descriptor does not decode from its own encoding: \(error)")
    }
    // scrypt with hostile parameters is bounded by `validate` (at most 256 MiB), but even the bound takes seconds,
    // so only cheap parameters are tried; the wrong passphrase must be refused by the key check.
    if let encryption = descriptor.encryption,
        encryption.rounds * encryption.blockSize * encryption.parallelism <= 1 << 12
    {
        if (try? descriptor.key(passphrase: Data("fuzz".utf8))) != nil, encryption.keyCheck.count > 0 {
            // Only the right key opens the key check; a fuzzer cannot forge Poly1305, so this is a finding.
            finding("a passphrase the fuzzer made up opened the key check of \(descriptor)")
        }
    }
}

/// Names a folder listing returns.
private func fuzzNames(_ data: Data) {
    guard data.count <= 300 else { return }
    let text = String(decoding: data, as: UTF8.self)
    if let name = SegmentName(fileName: text) {
        if SegmentName(fileName: name.fileName) != name { finding("a segment name does not round-trip: \(text)") }
    }
    if let name = HeadName(fileName: text) {
        if HeadName(fileName: name.fileName) != name { finding("a head name does not round-trip: \(text)") }
    }
    if let path = try? RemotePath(validating: text) {
        if (try? RemotePath(validating: path.description)) != path {
            finding("a remote path does not round-trip: \(text)")
        }
        if path.components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty || $0.hasPrefix(".") }) {
            finding("a remote path lets through \(text)")
        }
    }
    if let id = EntityID(rawValue: text), EntityID(rawValue: id.rawValue) != id {
        finding("an entity id does not round-trip: \(text)")
    }
}
