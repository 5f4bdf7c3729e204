import Foundation
import ParleyCore
import ParleyTransfer

/// A sync target on an SSH server, over SFTP through libcurl and libssh2: `sftp://user@host[:port]/path` (or
/// `/~/path` in the user's home).
///
/// It logs in with a key only (``SSHIdentity``: ssh-agent, `~/.ssh/id_ed25519` or `id_ecdsa`, or the file
/// named at init), and checks the host key against `~/.ssh/known_hosts` or the fingerprint pinned at init: an
/// unknown host is refused with its fingerprint and the command that trusts it, a changed key loudly, and
/// neither is retried. A file is uploaded under a temporary name, readable by its owner only, then renamed into
/// place on the same connection; OpenSSH refuses to rename onto an existing file, so a file written once is
/// never replaced. Connections are kept open between requests.
///
/// ```swift
/// let target = try SFTPDirectory(url: "sftp://me@nas.local/srv/parley-sync")
/// ```
public struct SFTPDirectory: RemoteDirectory {
    public let location: String
    public var meter: TransferMeter? { link.meter }
    let url: SFTPURL
    let authentication: SSHAuthentication
    let link: NetworkLink

    public init(
        url text: String, identityFile: String? = nil, hostKey: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        network: NetworkOptions = NetworkOptions(), transport: CurlTransport = CurlTransport()
    ) throws(ParleyError) {
        url = try SFTPURL(parsing: text, environment: environment)
        location = url.location
        authentication = try SSHIdentity.resolve(identityFile: identityFile, hostKey: hostKey, environment: environment)
        link = NetworkLink(transport: transport, options: network)
    }

    public func list(_ folder: RemotePath) async throws(ParleyError) -> [RemoteEntry]? {
        try await listing(folder)?.map(\.entry)
    }

    public func read(_ file: RemotePath, maximumBytes: Int) async throws(ParleyError) -> Data? {
        switch try await send(request(path(of: file)), maximumBytes: maximumBytes, "reading", file) {
        case let .done(data): return data
        case .notFound: return nil
        case let .commandFailed(reason): throw failure(file, "could not be read: \(reason)")
        }
    }

    /// Creates the missing levels below the target folder (never the target folder itself, so a wrong URL
    /// cannot start a second history), then lists the folder to be sure it is there: one request.
    public func makeFolder(_ folder: RemotePath) async throws(ParleyError) {
        guard !folder.components.isEmpty else { return }
        var request = request(path(of: folder) + "/")
        request.namesOnly = true
        request.commandsBefore = folder.components.indices.map { level in
            "*mkdir " + SFTPURL.commandPath(url.path + "/" + folder.components[...level].joined(separator: "/"))
        }
        switch try await send(request, maximumBytes: 16 << 20, "creating", folder) {
        case .done: return
        case .notFound, .commandFailed:
            if case .notFound = try await send(listingRequest(url.path), maximumBytes: 16 << 20, "listing", .root) {
                throw missingTarget()
            }
            throw failure(folder, "could not be created (check that this user may write there)")
        }
    }

    public func write(_ data: Data, to file: RemotePath, replacing: Bool) async throws(ParleyError) {
        guard let name = file.name, let parent = file.parent else {
            throw failure(file, "is the target folder itself, not a file")
        }
        let temporary = path(of: parent) + "/" + LocalDirectory.temporaryName(for: name)
        var upload = request(temporary)
        upload.body = data
        upload.commandsAfter =
            (replacing ? ["*rm " + SFTPURL.commandPath(path(of: file))] : [])
            + ["rename " + SFTPURL.commandPath(temporary) + " " + SFTPURL.commandPath(path(of: file))]
        let outcome: Outcome
        do {
            outcome = try await send(upload, maximumBytes: 1 << 16, "writing", file)
        } catch {
            await discard(temporary)
            throw error
        }
        switch outcome {
        case .done:
            return
        case .notFound:
            throw failure(file, "could not be written: its folder does not exist")
        case let .commandFailed(reason):
            await discard(temporary)
            // A rename that succeeded but whose answer was lost, then retried, finds its own file in place.
            let listed = try await list(parent)?.first { $0.name == name }
            guard let listed else { throw failure(file, "could not be renamed into place: \(reason)") }
            if listed.size == data.count, try await read(file, maximumBytes: data.count) == data { return }
            throw failure(file, "already exists, and sync never replaces a file it wrote once; it was left as it is")
        }
    }

    public func remove(_ file: RemotePath) async throws(ParleyError) {
        var request = request(url.path + "/")
        request.commandsOnly = true
        request.commandsBefore = ["rm " + SFTPURL.commandPath(path(of: file))]
        guard case let .commandFailed(reason) = try await send(request, maximumBytes: 1 << 16, "removing", file)
        else { return }
        guard let parent = file.parent, let name = file.name,
            let entries = try await list(parent), entries.contains(where: { $0.name == name })
        else { return }
        throw failure(file, "could not be removed: \(reason)")
    }

    public func removeStaleTemporaryFiles(in folder: RemotePath, olderThanSeconds: Double) async throws(ParleyError) {
        let cutoff = Date().timeIntervalSince1970 - olderThanSeconds
        let stale = (try await listing(folder) ?? []).filter { item in
            item.entry.kind == .file && item.entry.name.hasPrefix(LocalDirectory.temporaryPrefix)
                && (item.modified ?? 0) < cutoff
        }
        guard !stale.isEmpty else { return }
        var request = request(path(of: folder) + "/")
        request.commandsOnly = true
        request.commandsBefore = stale.map { "*rm " + SFTPURL.commandPath(path(of: folder) + "/" + $0.entry.name) }
        _ = try await send(request, maximumBytes: 1 << 16, "cleaning", folder)
    }

    // MARK: - Paths

    /// The server path of `remote` (percent-encoded as the URL was; its own names need no encoding).
    func path(of remote: RemotePath) -> String {
        remote.components.isEmpty ? url.path : url.path + "/" + remote.components.joined(separator: "/")
    }

    func request(_ path: String) -> TransferRequest {
        link.request("GET", url.origin + path, authentication: .ssh(authentication))
    }

    func listingRequest(_ folderPath: String) -> TransferRequest {
        request(folderPath + "/")
    }

    /// A temporary file of a write that failed is removed at once when possible, else by a later run's cleanup.
    private func discard(_ temporary: String) async {
        var request = request(url.path + "/")
        request.commandsOnly = true
        request.commandsBefore = ["*rm " + SFTPURL.commandPath(temporary)]
        _ = try? await send(request, maximumBytes: 1 << 16, "cleaning", .root)
    }
}
