import Foundation
import ParleyCore
import ParleyTransfer

/// A sync target on a WebDAV server (`https://[user@]host[:port]/path`; `http://` only to this machine), such as
/// Nextcloud, ownCloud, Apache `mod_dav` or a NAS, through libcurl.
///
/// Each operation is the plain WebDAV request for it: `PROPFIND` with `Depth: 1` to list (never infinity),
/// `GET` to read, `MKCOL` one level at a time, `PUT` under a temporary name then `MOVE` with `Overwrite: F` to
/// publish a file that is never replaced (the server answers 412 when it exists; `If-None-Match` is not
/// portable), `DELETE` to remove. Credentials come from `~/.netrc` (or `$NETRC`) or a password file, and go to
/// libcurl only: never into a URL that is printed, a log, the database or the target. Busy servers (423 Locked,
/// 429, 5xx) and dropped connections are retried with backoff honouring `Retry-After`; refused credentials and
/// a missing target folder are reported at once.
///
/// ```swift
/// let target = try WebDAVDirectory(url: "https://cloud.example.com/remote.php/dav/files/me/parley-sync")
/// ```
public struct WebDAVDirectory: RemoteDirectory {
    /// The URL without credentials, for messages.
    public let location: String
    public var meter: TransferMeter? { link.meter }
    /// `scheme://host[:port]`, where the paths of requests and of `Destination` headers start.
    let origin: String
    /// The target folder's path on the server as given (percent-encoded), without a trailing "/".
    let basePath: String
    let authentication: TransferAuthentication
    let link: NetworkLink

    /// Parses and checks `text`. `netrcFile` (else `$NETRC`, else `~/.netrc`) supplies the password for the URL's
    /// host; `passwordFile` (a file only its owner can read) supplies it instead, for the URL's user.
    public init(
        url text: String, passwordFile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        network: NetworkOptions = NetworkOptions(), transport: CurlTransport = CurlTransport()
    ) throws(ParleyError) {
        let parsed = try WebDAVURL(parsing: text)
        location = parsed.location
        origin = parsed.origin
        basePath = parsed.path
        if let passwordFile {
            guard let user = parsed.user else {
                throw .invalidValue(
                    field: "password_file", value: passwordFile,
                    rule: "needs the user in the target URL (https://USER@host/path) to go with the password")
            }
            authentication = .basic(
                user: user, password: try SecretFile.read(path: passwordFile, field: "password_file"))
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            authentication = .netrc(file: environment["NETRC"] ?? home + "/.netrc")
        }
        link = NetworkLink(transport: transport, options: network)
    }

    public func list(_ folder: RemotePath) async throws(ParleyError) -> [RemoteEntry]? {
        try await listing(folder)?.map(\.entry)
    }

    public func read(_ file: RemotePath, maximumBytes: Int) async throws(ParleyError) -> Data? {
        let response = try await send("GET", path(of: file), maximumBytes: maximumBytes, about: file)
        switch response.status {
        case 200: return response.body
        case 404: return nil
        default: throw unexpected(response, "GET", file)
        }
    }

    public func makeFolder(_ folder: RemotePath) async throws(ParleyError) {
        guard !folder.components.isEmpty else { return }
        // The deepest folder first: it usually exists already (405), so a run costs one request, not one per level.
        let response = try await send("MKCOL", path(of: folder) + "/", about: folder)
        switch response.status {
        case 201, 405: return
        case 409:
            guard let parent = folder.parent else { throw missingTarget() }
            try await makeFolder(parent)
            let again = try await send("MKCOL", path(of: folder) + "/", about: folder)
            guard again.status == 201 || again.status == 405 else { throw unexpected(again, "MKCOL", folder) }
        default:
            throw unexpected(response, "MKCOL", folder)
        }
    }

    public func write(_ data: Data, to file: RemotePath, replacing: Bool) async throws(ParleyError) {
        guard let name = file.name, let parent = file.parent else {
            throw failure(file, "is the target folder itself, not a file")
        }
        let temporary = path(of: parent) + "/" + LocalDirectory.temporaryName(for: name)
        let put = try await send("PUT", temporary, body: data, about: file)
        guard put.status == 201 || put.status == 204 || put.status == 200 else {
            throw unexpected(put, "PUT", file)
        }
        let move = try await send(
            "MOVE", temporary,
            headers: ["Destination: \(origin)\(path(of: file))", "Overwrite: \(replacing ? "T" : "F")"], about: file)
        switch move.status {
        case 201, 204:
            return
        case 412:
            await discard(temporary)
            throw failure(file, "already exists, and sync never replaces a file it wrote once; it was left as it is")
        default:
            await discard(temporary)
            throw unexpected(move, "MOVE", file)
        }
    }

    public func remove(_ file: RemotePath) async throws(ParleyError) {
        let response = try await send("DELETE", path(of: file), about: file)
        guard [200, 202, 204, 404].contains(response.status) else { throw unexpected(response, "DELETE", file) }
    }

    public func removeStaleTemporaryFiles(in folder: RemotePath, olderThanSeconds: Double) async throws(ParleyError) {
        let cutoff = Date().timeIntervalSince1970 - olderThanSeconds
        for item in try await listing(folder) ?? []
        where item.entry.kind == .file && item.entry.name.hasPrefix(LocalDirectory.temporaryPrefix)
            && (item.modified ?? .infinity) < cutoff
        {
            let response = try await send("DELETE", path(of: folder) + "/" + item.entry.name, about: folder)
            guard [200, 202, 204, 404].contains(response.status) else { throw unexpected(response, "DELETE", folder) }
        }
    }

    // MARK: - Paths

    /// The server path of `remote`; its components are plain ASCII names (``RemotePath``), so they need no
    /// percent-encoding.
    func path(of remote: RemotePath) -> String {
        remote.components.isEmpty ? basePath : basePath + "/" + remote.components.joined(separator: "/")
    }

    /// A temporary file of a write that failed is removed at once when possible, else by a later run's cleanup.
    private func discard(_ temporary: String) async {
        _ = try? await send("DELETE", temporary, about: .root)
    }
}
