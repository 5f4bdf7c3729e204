import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real OpenSSH server (`sshd -D -e`) on 127.0.0.1 that serves SFTP (`internal-sftp`) to the current user, who
/// logs in with an ed25519 key made for this server (``clientKey``) and nothing else: no passwords, no PAM. Its
/// host key is a new ed25519 key too, so a test pins it by ``hostKeyFingerprint`` or a ``knownHostsLine()``.
/// Tests put their sync target under ``root``, a folder the SFTP user owns; everything of sshd's own (its
/// configuration, keys, `authorized_keys`, `sshd.log`) is in a second temporary folder (``state``). Stopped (its
/// own process only), and both folders removed, when the value goes away.
///
/// It runs as whoever runs the tests and serves that user: as root (CI) with `PermitRootLogin
/// prohibit-password` and privilege separation (which needs `/run/sshd`, made when missing, and the `sshd` user
/// that Debian's package adds), as anyone else without privilege separation. `StrictModes no`, because the
/// keys sit under the world-writable temporary directory. Nothing else on the machine is used: no system sshd,
/// no port 22, no `~/.ssh`.
///
/// Its port is chosen by the system (a socket bound to port 0 on 127.0.0.1, read back and closed) and given to
/// sshd; a port taken in between makes sshd exit at once ("Address already in use"), and then it is started
/// again on another. It counts as up when it has logged `Server listening on 127.0.0.1 port N.`, which it
/// does after `listen()` (about 20 ms after the start), so no connection is made to find out and another server
/// that took the port cannot pass for it.
///
/// libssh2 1.10 (libcurl's SSH) signs RSA keys only with `ssh-rsa` (SHA-1), which this OpenSSH refuses
/// (`userauth_pubkey: signature algorithm ssh-rsa not in PubkeyAcceptedAlgorithms` in ``log``), so an RSA key
/// from ``makeClientKey(type:authorize:)`` is refused even when authorized; ed25519 and ECDSA keys are accepted.
///
/// Without `sshd` or `ssh-keygen` (`openssh-server` and `openssh-client` on Debian; `PARLEY_TEST_SSHD` and
/// `PARLEY_TEST_SSH_KEYGEN` name others) the init throws saying how to get them, so a test fails instead of
/// passing.
public final class SSHServer: @unchecked Sendable {
    /// Where the tests put what the SFTP user reads and writes (an absolute path, as SFTP URLs are).
    public let root = TemporaryFolder(prefix: "parley-sftp-")
    /// sshd's own files: `sshd_config`, `host_ed25519` (and `.pub`), `client_ed25519` (and `.pub`),
    /// `authorized_keys`, `sshd.log` (all sshd printed), and the keys ``makeClientKey(type:authorize:)`` makes.
    public let state = TemporaryFolder(prefix: "parley-sshd-")
    /// The user the tests run as, whom sshd serves.
    public let user: String
    public let port: Int
    /// The private key (OpenSSH's format, no passphrase) that `authorized_keys` lets in; `clientKey + ".pub"`
    /// beside it.
    public let clientKey: String

    private let sshd: String
    private let keygen: String
    private let lock = NSLock()
    private var process: SpawnedProcess
    private var hostKey: HostKey
    private var keysMade = 0

    public typealias Unavailable = WebDAVServer.Unavailable

    /// How long sshd may take to listen (it takes about 20 ms).
    private static let startSeconds = 10.0
    private static let portAttempts = 5
    /// How often a restart on the same port is tried while the port is still held (by a connection of the
    /// server that was stopped, or by someone who took it in between), 50 ms apart.
    private static let restartAttempts = 40

    /// The server's host key as `ssh-keygen` shows it.
    private struct HostKey {
        /// `ssh-ed25519 AAAA…`, the key's type and base64 blob from its `.pub` file.
        var publicKey: String
        /// `SHA256:` and the unpadded base64 of the SHA-256 of the blob, as `ssh-keygen -lf` prints it.
        var fingerprint: String
    }

    public init() throws {
        let environment = ProcessInfo.processInfo.environment
        let sshd = environment["PARLEY_TEST_SSHD"] ?? "/usr/sbin/sshd"
        let keygen = environment["PARLEY_TEST_SSH_KEYGEN"] ?? "/usr/bin/ssh-keygen"
        for (tool, package) in [(sshd, "openssh-server"), (keygen, "openssh-client")]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            throw Unavailable(
                description: "the SFTP tests need OpenSSH's \(tool): run `make test-deps` (it installs \(package))")
        }
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else {
            throw Unavailable(description: "the SFTP tests cannot find the name of user \(geteuid())")
        }
        let user = String(cString: name)
        if let problem = Self.lockedAccount(user) { throw Unavailable(description: problem) }
        #if os(Linux)
            // As root sshd separates privileges: its unprivileged child chroots into /run/sshd (Debian's unit
            // makes it at boot; where nothing booted it is missing).
            if geteuid() == 0, !FileManager.default.fileExists(atPath: "/run/sshd") {
                try? FileManager.default.createDirectory(
                    atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            }
        #endif
        self.sshd = sshd
        self.keygen = keygen
        self.user = user
        hostKey = try Self.makeHostKey(in: state, keygen: keygen)
        clientKey = state.file("client_ed25519")
        try Self.makeKey(type: "ed25519", at: clientKey, comment: "parley-test-client", keygen: keygen, in: state)
        try Self.write(try Self.read(clientKey + ".pub"), to: state.file("authorized_keys"))
        var said = "nothing"
        for _ in 0..<Self.portAttempts {
            guard let port = LoopbackTCP.freePort() else { continue }
            switch try Self.start(sshd: sshd, port: port, user: user, state: state) {
            case let .listening(process):
                self.port = port
                self.process = process
                return
            case let .portTaken(log):
                said = log  // Taken between its choice and sshd's bind: choose again.
            }
        }
        throw Unavailable(description: "sshd did not start; it said: \(said)")
    }

    /// SIGTERM to the listening sshd (its own pid only), then SIGKILL if it is still there after 5 s; always
    /// reaped. Sessions still open end when their client disconnects.
    deinit {
        process.stop()
    }

    /// `SHA256:` and the unpadded base64 of the SHA-256 of the host key, as `ssh-keygen -lf` prints it. libcurl's
    /// `CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256` (`curl --hostpubsha256`) takes the base64 alone, padded or not,
    /// without `SHA256:`.
    public var hostKeyFingerprint: String {
        lock.lock()
        defer { lock.unlock() }
        return hostKey.fingerprint
    }

    /// The host key as a `.pub` file has it: `ssh-ed25519 AAAA…`.
    public var hostPublicKey: String {
        lock.lock()
        defer { lock.unlock() }
        return hostKey.publicKey
    }

    /// The `known_hosts` line for this server, `[127.0.0.1]:PORT ssh-ed25519 AAAA…`, as OpenSSH writes it for a
    /// port other than 22 (unhashed). libssh2 also takes a bare `127.0.0.1 ssh-ed25519 AAAA…` for every port, so
    /// a file shared by several servers must use this form.
    public func knownHostsLine() -> String {
        "[127.0.0.1]:\(port) \(hostPublicKey)"
    }

    /// The URL of `path` under ``root`` (`/sync` by default) on the server, with the user and no key:
    /// `sftp://USER@127.0.0.1:PORT/tmp/parley-sftp-…/sync`.
    public func url(_ path: String = "/sync") -> String {
        let full = root.path + (path.hasPrefix("/") ? path : "/" + path)
        let encodedPath = full.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? full
        let encodedUser = user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? user
        return "sftp://\(encodedUser)@127.0.0.1:\(port)\(encodedPath)"
    }

    /// A new private key of `type` (`ed25519`, `ecdsa`, `rsa`: `ssh-keygen -t`), without a passphrase, in
    /// ``state`` with its `.pub` beside it; its path. When `authorize` it is added to `authorized_keys`, which sshd
    /// reads at each login, so it counts from the next connection on (except RSA keys: see above).
    public func makeClientKey(type: String, authorize: Bool = true) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        keysMade += 1
        let path = state.file("client_\(type)_\(keysMade)")
        try Self.makeKey(type: type, at: path, comment: "parley-test-\(type)", keygen: keygen, in: state)
        if authorize {
            let authorized = state.file("authorized_keys")
            try Self.write(try Self.read(authorized) + (try Self.read(path + ".pub")), to: authorized)
        }
        return path
    }

    /// Stops sshd, gives it a new ed25519 host key, and starts it again on the same ``port``, for a test of a
    /// host key that changed: a `known_hosts` line or a fingerprint taken before no longer matches (libcurl
    /// finds a mismatch, `CURLKHMATCH_MISMATCH`, since the key type is the same). ``hostKeyFingerprint`` and
    /// ``knownHostsLine()`` give the new key afterwards.
    public func restartWithNewHostKey() throws {
        lock.lock()
        defer { lock.unlock() }
        process.stop()
        for suffix in ["", ".pub"] { try? FileManager.default.removeItem(atPath: state.file("host_ed25519" + suffix)) }
        hostKey = try Self.makeHostKey(in: state, keygen: keygen)
        var said = "nothing"
        for _ in 0..<Self.restartAttempts {
            switch try Self.start(sshd: sshd, port: port, user: user, state: state) {
            case let .listening(process):
                self.process = process
                return
            case let .portTaken(log):
                said = log
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        throw Unavailable(description: "sshd did not start again on port \(port); it said: \(said)")
    }

    /// What sshd printed since it last started: its start, each login accepted or refused and why.
    public var log: String { ServerLog.tail(of: state.file("sshd.log"), characters: Int.max) }

    // MARK: - Starting and stopping

    /// The configuration sshd runs with: only 127.0.0.1:`port`, only public keys (from `authorized_keys` in
    /// `state`), only `user`, only SFTP, nothing written outside `state` (no pid file, no lastlog).
    static func configuration(port: Int, user: String, state: String) -> String {
        """
        ListenAddress 127.0.0.1
        Port \(port)
        HostKey "\(state)/host_ed25519"
        AuthorizedKeysFile "\(state)/authorized_keys"
        AllowUsers \(user)
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PermitRootLogin prohibit-password
        StrictModes no
        UsePAM no
        PidFile none
        Subsystem sftp internal-sftp
        PrintMotd no
        PrintLastLog no
        UseDNS no
        X11Forwarding no
        AllowTcpForwarding no
        AllowAgentForwarding no
        PermitTTY no
        LogLevel INFO

        """
    }

    private enum Start {
        case listening(SpawnedProcess)
        /// sshd exited because the port was taken; what it said.
        case portTaken(String)
    }

    /// sshd on `port`, waited for until it listens. Throws when it exits for another reason than a taken port,
    /// or does not listen within ``startSeconds``.
    private static func start(sshd: String, port: Int, user: String, state: TemporaryFolder) throws -> Start {
        let config = state.file("sshd_config")
        let log = state.file("sshd.log")
        try write(configuration(port: port, user: user, state: state.path), to: config)
        try write("", to: log)
        // sshd re-executes itself, so it needs an absolute path.
        let daemon = try SpawnedProcess(sshd, ["-D", "-e", "-f", config], log: log)
        let listening = "Server listening on 127.0.0.1 port \(port)."
        let deadline = Date().addingTimeInterval(startSeconds)
        while Date() < deadline {
            // Whether it runs before what it said, so a line written just before it exited is seen.
            let running = daemon.isRunning
            let said = ServerLog.tail(of: log, characters: Int.max)
            if said.contains(listening) {
                if running { return .listening(daemon) }
            } else if running {
                Thread.sleep(forTimeInterval: 0.005)
                continue
            }
            let status = daemon.stop()
            let last = ServerLog.tail(of: log)
            if said.contains("Address already in use") { return .portTaken(last) }
            throw Unavailable(description: "sshd exited (\(status)); it said: \(last)")
        }
        daemon.stop()
        throw Unavailable(
            description: "sshd did not listen within \(Int(startSeconds)) s; it said: \(ServerLog.tail(of: log))")
    }

    /// Without PAM, sshd refuses every login of an account whose password field in /etc/shadow starts with `!`
    /// ("User root not allowed because account is locked"), keys too. Only root's sshd reads /etc/shadow, so
    /// only then does it matter; a `*` there (Debian's images) is not a lock.
    private static func lockedAccount(_ user: String) -> String? {
        guard geteuid() == 0, let shadow = try? String(contentsOfFile: "/etc/shadow", encoding: .utf8) else {
            return nil
        }
        for line in shadow.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count > 1, fields[0] == user else { continue }
            guard fields[1].hasPrefix("!") else { return nil }
            return "the SFTP tests' sshd (without PAM) refuses every login of \(user), whose password is locked "
                + "(`!` in /etc/shadow): `usermod -p '*' \(user)` unlocks it without giving it a password"
        }
        return nil
    }

    // MARK: - Keys

    /// A new ed25519 host key in `state` (`host_ed25519`), and what it is.
    private static func makeHostKey(in state: TemporaryFolder, keygen: String) throws -> HostKey {
        let path = state.file("host_ed25519")
        try makeKey(type: "ed25519", at: path, comment: "parley-test-host", keygen: keygen, in: state)
        let fields = try read(path + ".pub").split(separator: " ")
        guard fields.count >= 2 else { throw Unavailable(description: "\(path).pub is not a public key") }
        let shown = try run(keygen, ["-l", "-E", "sha256", "-f", path + ".pub"], in: state)
        // `256 SHA256:… parley-test-host (ED25519)`
        guard let fingerprint = shown.split(separator: " ").first(where: { $0.hasPrefix("SHA256:") }) else {
            throw Unavailable(description: "ssh-keygen -l said \(shown.debugDescription)")
        }
        return HostKey(publicKey: fields[0] + " " + fields[1], fingerprint: String(fingerprint))
    }

    /// `ssh-keygen -t type` without a passphrase into `path` (and `path.pub`), which must not exist yet.
    private static func makeKey(
        type: String, at path: String, comment: String, keygen: String, in state: TemporaryFolder
    ) throws {
        _ = try run(keygen, ["-q", "-t", type, "-N", "", "-C", comment, "-f", path], in: state)
        guard FileManager.default.fileExists(atPath: path + ".pub") else {
            throw Unavailable(description: "ssh-keygen -t \(type) made no \(path).pub")
        }
    }

    /// What `tool` printed (standard output and error), through a file in `state`; throws when it fails.
    private static func run(_ tool: String, _ arguments: [String], in state: TemporaryFolder) throws -> String {
        let output = state.file("output-\(UUID().uuidString.lowercased())")
        defer { try? FileManager.default.removeItem(atPath: output) }
        try write("", to: output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try ProcessLaunch.serialized {
            guard let handle = FileHandle(forWritingAtPath: output) else {
                throw Unavailable(description: "cannot open \(output)")
            }
            defer { try? handle.close() }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        }
        process.waitUntilExit()
        let said = (try? read(output)) ?? ""
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw Unavailable(
                description: "\(tool) \(arguments.joined(separator: " ")) failed (status "
                    + "\(process.terminationStatus)): \(said.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return said
    }

    // MARK: - Files

    private static func read(_ path: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Unavailable(description: "cannot read \(path)")
        }
        return text
    }

    private static func write(_ text: String, to path: String) throws {
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw Unavailable(description: "cannot write \(path)") }
    }

}
