import Foundation
import FuzzSupport
import ParleyCore
import ParleyTransfer

@testable import ParleySync

/// What a network sync target's server sends back, and the local files a target's credentials come from.
///
/// The first byte of an input picks the reader, the rest is what it reads: an S3 `ListObjectsV2` answer, an SFTP
/// server's long listing, a WebDAV `207 Multi-Status` body, an SSH private key file (its unencrypted part is read
/// to refuse RSA keys before connecting), an AWS credentials file, or an SSH host key blob (its type and
/// fingerprint are shown to the person deciding whether to trust it).
private let folder = ScratchFolder(prefix: "parley-fuzz-remote-")
private let scratchFile = folder.file("input")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = inputData(start, count)
    guard let selector = data.first else { return 0 }
    let body = data.dropFirst()
    switch selector % 6 {
    case 0:
        guard let page = S3ListBucketResult.parse(Data(body)) else { return 0 }
        for object in page.keys where object.key.isEmpty { finding("an S3 object without a key was kept") }
    case 1:
        for item in SFTPDirectory.parseLongListing(String(decoding: body, as: UTF8.self)) {
            let name = item.entry.name
            if name.isEmpty || name == "." || name == ".." { finding("the SFTP listing kept the name \(name.debugDescription)") }
            if item.entry.size < 0 { finding("the SFTP listing kept a negative size \(item.entry.size)") }
        }
    case 2:
        let items = try? WebDAVMultistatus.parse(Data(body)) { reason throws(ParleyError) in
            throw .sync(path: nil, reason: reason)
        }
        for item in items ?? [] where item.href.isEmpty { finding("a multistatus response without href was kept") }
    case 3:
        FileManager.default.createFile(atPath: scratchFile, contents: Data(body))
        _ = SSHKeyFile.inspect(scratchFile)
    case 4:
        FileManager.default.createFile(atPath: scratchFile, contents: Data(body))
        for (key, value) in AWSProfile.section("default", of: scratchFile) where key.isEmpty || value.isEmpty {
            finding("the credentials file gave an empty key or value")
        }
    default:
        let type = HostKeyFingerprint.keyType(of: Data(body))
        if type.utf8.count > 64 && type != "unknown" { finding("a host key type of \(type.utf8.count) bytes") }
        let fingerprint = HostKeyFingerprint.of(Data(body))
        if HostKeyFingerprint.normalized(fingerprint) == nil { finding("a fingerprint Parley made does not read back") }
        if !HostKeyFingerprint.matches(fingerprint, fingerprint) { finding("a fingerprint does not match itself") }
        _ = HostKeyFingerprint.normalized(String(decoding: body, as: UTF8.self))
    }
    return 0
}
