import Crypto
import Foundation
import ParleyCore
import ParleyTransfer

/// A sync target in an S3-compatible object store (`s3://bucket/prefix`: AWS S3, MinIO, Ceph RGW, SeaweedFS,
/// R2), through libcurl's SigV4 signing.
///
/// Objects are written whole and appear whole, so a file is published by one `PUT`, with `If-None-Match: *`
/// so that a file written once is never replaced (the store answers 412). There are no folders: a folder is
/// its key prefix, marked by an empty `prefix/` object when sync creates it, so an emptied target still reads
/// as emptied. Listing is `ListObjectsV2` with a delimiter, page by page. There are no temporary files to
/// clean up.
///
/// libcurl 7.88 signs what it is given and no more: every request carries `x-amz-content-sha256` (the SHA-256
/// of its body), queries are sent already in SigV4's canonical form (``S3Query``), and no header is sent
/// with an empty value or removed with `Name:` (it would be signed but not sent).
///
/// ```swift
/// let target = try S3Directory(url: "s3://chats/parley?endpoint=http://127.0.0.1:8333")
/// ```
public struct S3Directory: RemoteDirectory {
    public let location: String
    public var meter: TransferMeter? { link.meter }
    let place: S3Location
    let profile: AWSProfile
    let link: NetworkLink

    /// Parses `text` and finds the credentials, region and endpoint in `environment` and the AWS files.
    public init(
        url text: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        network: NetworkOptions = NetworkOptions(), transport: CurlTransport = CurlTransport()
    ) throws(ParleyError) {
        profile = try AWSProfile.load(environment: environment)
        place = try S3Location(parsing: text, environment: environment, profile: profile)
        location = place.description
        link = NetworkLink(transport: transport, options: network)
    }

    public func list(_ folder: RemotePath) async throws(ParleyError) -> [RemoteEntry]? {
        let prefix = folder.components.isEmpty && place.prefix.isEmpty ? "" : place.key(of: folder) + "/"
        let listed = try await listing(prefix: prefix, about: folder)
        return listed.isEmpty ? nil : listed.filter { !$0.name.isEmpty }
    }

    public func read(_ file: RemotePath, maximumBytes: Int) async throws(ParleyError) -> Data? {
        let response = try await send("GET", key: place.key(of: file), maximumBytes: maximumBytes, about: file)
        switch response.status {
        case 200: return response.body
        case 404: return nil
        default: throw unexpected(response, "GET", file)
        }
    }

    /// Writes the folder's marker object, so that the folder lists (as empty) before any file is in it.
    public func makeFolder(_ folder: RemotePath) async throws(ParleyError) {
        guard !folder.components.isEmpty else { return }
        let response = try await send(
            "PUT", key: place.key(of: folder) + "/", headers: ["If-None-Match: *"], body: Data(), about: folder)
        guard [200, 201, 204, 412].contains(response.status) else { throw unexpected(response, "PUT", folder) }
    }

    public func write(_ data: Data, to file: RemotePath, replacing: Bool) async throws(ParleyError) {
        guard !file.components.isEmpty else { throw failure(file, "is the target itself, not a file") }
        let response = try await send(
            "PUT", key: place.key(of: file), headers: replacing ? [] : ["If-None-Match: *"], body: data, about: file)
        switch response.status {
        case 200, 201, 204:
            return
        case 412:
            throw failure(file, "already exists, and sync never replaces a file it wrote once; it was left as it is")
        case 409:
            throw failure(
                file, "is being written by another request at the same moment (HTTP 409); the next sync tries again")
        case 501:
            throw failure(
                file,
                "cannot be written create-only: the store does not support If-None-Match: * on PUT (HTTP 501), "
                    + "which sync needs so a file is never replaced")
        default:
            throw unexpected(response, "PUT", file)
        }
    }

    public func remove(_ file: RemotePath) async throws(ParleyError) {
        let response = try await send("DELETE", key: place.key(of: file), about: file)
        guard [200, 204, 404].contains(response.status) else { throw unexpected(response, "DELETE", file) }
    }

    /// Objects appear whole or not at all: an interrupted upload leaves nothing behind to clean.
    public func removeStaleTemporaryFiles(in folder: RemotePath, olderThanSeconds: Double) async throws(ParleyError) {}
}
