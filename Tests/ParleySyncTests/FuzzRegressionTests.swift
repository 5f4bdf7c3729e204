import Foundation
import ParleyCore
import ParleyTestSupport
import ParleyTransfer
import Testing

@testable import ParleyStore
@testable import ParleySync

/// Every segment that once crashed the decoder or the merge (Fuzz/Regressions/FuzzSyncSegment) is refused
/// with a reason by the checks an import runs before anything is merged.
@Suite struct SegmentFuzzRegressionTests {
    @Test func everySegmentTheFuzzerKeptIsRefusedBeforeMerging() throws {
        for (name, bytes) in try FuzzRegressions.inputs(of: "FuzzSyncSegment") {
            do {
                let document = try UntrustedJSON.decode(SegmentDocument.self, from: bytes, path: name)
                for (index, record) in document.records.enumerated() {
                    try SyncRecordRules.validate(record, field: "records[\(index)]")
                }
                Issue.record("\(name) passed every check")
            } catch {
                // Refused by a record rule, which names the record and the field.
                #expect("\(error)".contains("records["), "\(name): \(error)")
            }
        }
    }
}

/// Every input that once broke a reader of a network target (Fuzz/Regressions/FuzzRemoteListing): refused as a
/// listing, read as a credentials file without an empty setting, and as a host key whose type prints plainly.
@Suite struct RemoteListingFuzzRegressionTests {
    @Test func everyAnswerTheFuzzerKeptIsRefused() throws {
        let inputs = try FuzzRegressions.inputs(of: "FuzzRemoteListing")
        #expect(!inputs.isEmpty)
        for (name, bytes) in inputs {
            let body = Data(bytes.dropFirst())
            #expect(S3ListBucketResult.parse(body) == nil, "\(name)")
            let multistatus = try? WebDAVMultistatus.parse(body) { reason throws(ParleyError) in
                throw .sync(path: nil, reason: reason)
            }
            #expect(multistatus == nil, "\(name)")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("parley-fuzz-\(UUID())")
            try body.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let settings = AWSProfile.section("default", of: file.path)
            #expect(!settings.contains { $0.key.isEmpty || $0.value.isEmpty }, "\(name): \(settings)")
            let type = HostKeyFingerprint.keyType(of: body)
            #expect(type.utf8.allSatisfy { (0x21...0x7E).contains($0) }, "\(name): \(type)")
        }
    }
}
