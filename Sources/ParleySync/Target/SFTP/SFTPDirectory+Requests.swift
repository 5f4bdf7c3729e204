import Foundation
import ParleyCore
import ParleyTransfer

/// Sending one SFTP request with its retries, reading listings, and what failures say.
extension SFTPDirectory {
    /// How a request ended, when it did not fail outright.
    enum Outcome {
        case done(Data)
        /// The file or folder the URL names is not there.
        case notFound
        /// A command (`rename`, `rm`, `mkdir`) failed; SFTP says no more than that.
        case commandFailed(String)
    }

    /// Sends `request`, retrying broken and stalled connections within the retry policy. A host key that does
    /// not pass, refused keys and a full disk are errors at once.
    func send(
        _ request: TransferRequest, maximumBytes: Int, _ doing: String, _ remote: RemotePath
    ) async throws(ParleyError) -> Outcome {
        do {
            return .done(
                try await link.exchange(request, maximumBytes: maximumBytes)
                    .body)
        } catch {
            switch error {
            case .transfer(.notFound, _): return .notFound
            case let .transfer(.commandFailed(reason), _): return .commandFailed(reason)
            case let .transfer(.hostKey(rejection), _): throw hostKeyRefused(rejection)
            case let .transfer(.loginDenied(reason), _): throw loginRefused(reason)
            case let .transfer(.diskFull(reason), _):
                throw .diskFull(
                    folder: location,
                    reason: "the server has no room (\(reason)); nothing half-written was published, and the next "
                        + "sync writes it again")
            case let .transfer(.accessDenied(reason), _):
                throw failure(remote, "\(doing) was refused by the server: permission denied (\(reason))")
            default:
                throw failure(remote, error.explanation(doing))
            }
        }
    }

    /// One listed name with its modification time (seconds since 1970), when the server gave one.
    struct ListedEntry: Sendable {
        var entry: RemoteEntry
        var modified: Double?
    }

    /// The entries directly inside `folder`, from the server's long listing, or nil when it does not exist.
    func listing(_ folder: RemotePath) async throws(ParleyError) -> [ListedEntry]? {
        switch try await send(listingRequest(path(of: folder)), maximumBytes: 64 << 20, "listing", folder) {
        case let .done(data): return Self.parseLongListing(String(decoding: data, as: UTF8.self))
        case .notFound: return nil
        case let .commandFailed(reason): throw failure(folder, "could not be listed: \(reason)")
        }
    }

    /// Reads `ls -l` lines as OpenSSH's server writes them (`-rw------- 1 user group 1234 Dec  1 22:00 name`):
    /// the kind from the first letter, the size from the fifth field, the name after the eighth. Lines that do
    /// not read so, and `.` and `..`, are left out.
    static func parseLongListing(_ text: String, now: Date = Date()) -> [ListedEntry] {
        text.split(whereSeparator: \.isNewline).compactMap { line -> ListedEntry? in
            var fields: [Substring] = []
            var rest = line[...]
            while fields.count < 8 {
                rest = rest.drop(while: { $0 == " " || $0 == "\t" })
                guard let end = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
                fields.append(rest[..<end])
                rest = rest[rest.index(after: end)...]
            }
            let name = String(rest.drop(while: { $0 == " " }))
            guard !name.isEmpty, name != ".", name != "..", let size = Int64(fields[4]), size >= 0 else { return nil }
            let kind: RemoteEntry.Kind =
                switch fields[0].first {
                case "d": .folder
                case "-": .file
                default: .other
                }
            return ListedEntry(
                entry: RemoteEntry(name: name, kind: kind, size: kind == .file ? size : 0),
                modified: modificationTime(month: fields[5], day: fields[6], timeOrYear: fields[7], now: now))
        }
    }

    /// `Dec 1 22:00` (within the last half year) or `Dec 1 2025`, read as UTC; the server's zone is not known,
    /// which only the cleanup of this device's own temporary files uses, an hour's error is harmless.
    static func modificationTime(month: Substring, day: Substring, timeOrYear: Substring, now: Date) -> Double? {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let monthIndex = months.firstIndex(of: String(month)), let dayNumber = Int(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var parts = DateComponents(month: monthIndex + 1, day: dayNumber)
        let pieces = timeOrYear.split(separator: ":")
        if pieces.count == 2, let hour = Int(pieces[0]), let minute = Int(pieces[1]) {
            parts.hour = hour
            parts.minute = minute
            parts.year = calendar.component(.year, from: now)
            guard let date = calendar.date(from: parts) else { return nil }
            if date.timeIntervalSince(now) > 86_400 {
                parts.year = parts.year! - 1
                return calendar.date(from: parts)?.timeIntervalSince1970
            }
            return date.timeIntervalSince1970
        }
        guard let year = Int(timeOrYear) else { return nil }
        parts.year = year
        return calendar.date(from: parts)?.timeIntervalSince1970
    }

    // MARK: - Messages

    func failure(_ remote: RemotePath, _ reason: String) -> ParleyError {
        .sync(path: location + (remote.components.isEmpty ? "" : "/" + remote.description), reason: reason)
    }

    func missingTarget() -> ParleyError {
        .sync(
            path: location,
            reason: "does not exist on the server: create the folder first (sync never creates the target folder "
                + "itself, so a wrong URL cannot start a second history)")
    }

    private var hostName: String { url.port.map { "[\(url.host)]:\($0)" } ?? url.host }

    private func hostKeyRefused(_ rejection: HostKeyRejection) -> ParleyError {
        let trust =
            "`parley sync init '\(location)' --host-key \(rejection.fingerprint)` (with your other sync init options)"
        let reason: String
        switch rejection.verdict {
        case .unknown:
            reason =
                "the server is not known: it shows the \(rejection.keyType) host key \(rejection.fingerprint), which is "
                + "in neither \(authentication.knownHostsFile) nor pinned. Check that fingerprint with the server's "
                + "administrator (`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the server), then trust it with "
                + trust + ", or by connecting once with `ssh` to add it to known_hosts. Nothing was sent"
        case .changed:
            reason =
                "WARNING: THE HOST KEY OF \(hostName) HAS CHANGED. It now shows the \(rejection.keyType) key "
                + "\(rejection.fingerprint), not the one in \(authentication.knownHostsFile). Someone may be "
                + "intercepting the connection, or the server was reinstalled. Nothing was sent. If the server's "
                + "administrator confirms the new key, remove the old one with `ssh-keygen -R '\(hostName)'` and trust "
                + "the new one with " + trust
        case let .notPinned(expected):
            reason =
                "WARNING: THE HOST KEY OF \(hostName) IS NOT THE PINNED ONE. It shows the \(rejection.keyType) key "
                + "\(rejection.fingerprint); the key pinned at sync init is \(expected). Someone may be intercepting "
                + "the connection, or the server was reinstalled. Nothing was sent. If the server's administrator "
                + "confirms the new key, pin it with " + trust
        }
        return .sync(path: location, reason: reason)
    }

    private func loginRefused(_ detail: String) -> ParleyError {
        let offered = [authentication.privateKeyFile, authentication.useAgent ? "the keys of ssh-agent" : nil]
            .compactMap { $0 }.joined(separator: " and ")
        return .sync(
            path: location,
            reason: "the server refused the login of \(url.user) with \(offered) (\(detail)): add the public key to "
                + "~/.ssh/authorized_keys on the server. An RSA key cannot be used: libssh2 1.10 signs only with "
                + "ssh-rsa (SHA-1), which OpenSSH 8.8 and later refuse; use an ed25519 or ECDSA key. Nothing was "
                + "retried")
    }
}
