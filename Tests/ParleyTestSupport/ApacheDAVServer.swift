import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Apache httpd's mod_dav (mod_dav_fs) serving a temporary folder on 127.0.0.1 with basic auth for one user, the
/// same surface as ``WebDAVServer``. Its answers differ from WsgiDAV's where servers really differ: weak ETags,
/// its own PROPFIND output, 400 for a path under a file, 500 for a MOVE into a missing folder.
///
/// It runs `apache2 -X` (one process, the event MPM's threads) with a configuration of its own in a second
/// temporary folder (``state``): the modules it needs and nothing else, its logs, pid file and lock database
/// there, nothing written outside the two folders. As root (CI) Apache will not serve as root, and a server
/// running as `nobody` could not write the folders a test makes in ``root`` (`sync`, mode 0755, root's): so it
/// is started through `setpriv` as `nobody` keeping only `CAP_DAC_OVERRIDE`, which lets it read and write
/// whatever the test makes, whatever its mode; the test, as root, reads and writes the server's files. As
/// another user it runs as that user, who owns both sides. Stopped, and both folders removed, when the value
/// goes away.
///
/// Without Apache (`apache2-bin` on Debian; `PARLEY_TEST_APACHE` and `PARLEY_TEST_APACHE_MODULES` name another
/// httpd and its modules folder) the init throws saying how to get it, so a test fails instead of passing.
public final class ApacheDAVServer: @unchecked Sendable {
    public let root = TemporaryFolder(prefix: "parley-webdav-")
    public let user = "parley"
    public let password = "correct-horse-battery-staple"
    public let port: Int
    /// Apache's own files: `httpd.conf`, `htpasswd`, `error.log`, `stderr.log`, `httpd.pid`, the lock database.
    public let state = TemporaryFolder(prefix: "parley-apache-")
    private let process: Process

    public typealias Unavailable = WebDAVServer.Unavailable

    /// `{SHA}` and the base64 of the SHA-1 of ``password``, a form of htpasswd line that mod_authn_file reads
    /// (`printf %s PASSWORD | openssl sha1 -binary | base64`); plain text is not accepted on Unix.
    private static let passwordHash = "{SHA}3WBs1Ju70GtMJgb8JEn4+4eXV4Y="
    /// How long Apache may take to answer its first request (it takes about 30 ms).
    private static let startSeconds = 10.0
    private static let portAttempts = 5

    public init() throws {
        let environment = ProcessInfo.processInfo.environment
        let apache = environment["PARLEY_TEST_APACHE"] ?? "/usr/sbin/apache2"
        let modules = environment["PARLEY_TEST_APACHE_MODULES"] ?? "/usr/lib/apache2/modules"
        guard FileManager.default.isExecutableFile(atPath: apache),
            FileManager.default.fileExists(atPath: modules + "/mod_dav_fs.so")
        else {
            throw Unavailable(
                description: "the Apache WebDAV tests need Apache httpd with mod_dav (\(apache), "
                    + "\(modules)/mod_dav_fs.so): run `make test-deps` (it installs apache2-bin)")
        }
        var launcher: [String] = []
        if getuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                throw Unavailable(description: "the Apache WebDAV tests as root need /usr/bin/setpriv (util-linux)")
            }
            launcher = [
                "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=+dac_override",
                "--ambient-caps=+dac_override",
            ]
        }
        try Self.write("\(user):\(Self.passwordHash)\n", to: state.file("htpasswd"))
        var said = ""
        for _ in 0..<Self.portAttempts {
            guard let candidate = LoopbackTCP.freePort() else {
                throw Unavailable(description: "no port on 127.0.0.1 for Apache: \(String(cString: strerror(errno)))")
            }
            try Self.write(
                Self.configuration(port: candidate, served: root.path, state: state.path, modules: modules),
                to: state.file("httpd.conf"))
            for name in ["httpd.pid", "error.log"] { try? FileManager.default.removeItem(atPath: state.file(name)) }
            let process = try Self.launch(launcher + [apache, "-X", "-f", state.file("httpd.conf")], state: state)
            if Self.waitUntilServing(process, port: candidate, pidFile: state.file("httpd.pid")) {
                self.port = candidate
                self.process = process
                return
            }
            ProcessLaunch.stop(process)
            said = Self.logs(in: state)
            // Another server took the port between its choice and Apache's bind: choose again.
            guard said.contains("AH00072") || said.contains("Address already in use") else { break }
        }
        throw Unavailable(description: "Apache did not start; it said: \(said.isEmpty ? "nothing" : said)")
    }

    deinit {
        ProcessLaunch.stop(process)
    }

    /// The URL of `path` on the server (`/sync` by default), without credentials.
    public func url(_ path: String = "/sync") -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    /// A netrc file (mode 0600) in `folder` with this server's user and `password`.
    public func netrc(in folder: TemporaryFolder, password: String? = nil) throws -> String {
        let path = folder.file("netrc")
        let text = "machine 127.0.0.1 login \(user) password \(password ?? self.password)\n"
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw Unavailable(description: "cannot write \(path)") }
        return path
    }

    /// What Apache wrote to its error log and to standard error (bind failures come before the log is open).
    public var log: String { Self.logs(in: state) }

    // MARK: - Starting and stopping

    /// The whole configuration: event MPM in one process, basic auth from `htpasswd`, mod_dav on `served`.
    static func configuration(port: Int, served: String, state: String, modules: String) -> String {
        """
        # One test server's configuration: nothing here reads or writes outside \(state) and \(served).
        ServerRoot "\(state)"
        DefaultRuntimeDir "\(state)"
        PidFile "\(state)/httpd.pid"
        ErrorLog "\(state)/error.log"
        LogLevel warn
        Listen 127.0.0.1:\(port)
        ServerName 127.0.0.1
        LoadModule mpm_event_module "\(modules)/mod_mpm_event.so"
        LoadModule authn_core_module "\(modules)/mod_authn_core.so"
        LoadModule authn_file_module "\(modules)/mod_authn_file.so"
        LoadModule auth_basic_module "\(modules)/mod_auth_basic.so"
        LoadModule authz_core_module "\(modules)/mod_authz_core.so"
        LoadModule authz_user_module "\(modules)/mod_authz_user.so"
        LoadModule dav_module "\(modules)/mod_dav.so"
        LoadModule dav_fs_module "\(modules)/mod_dav_fs.so"
        ThreadsPerChild 16
        ThreadLimit 16
        MaxRequestWorkers 16
        KeepAlive On
        KeepAliveTimeout 5
        Timeout 60
        DavLockDB "\(state)/davlock"
        DocumentRoot "\(served)"
        <Directory />
            AllowOverride None
            Require all denied
        </Directory>
        <Directory "\(served)">
            Options None
            AllowOverride None
            Dav On
            AuthType Basic
            AuthName "parley-tests"
            AuthBasicProvider file
            AuthUserFile "\(state)/htpasswd"
            Require valid-user
        </Directory>

        """
    }

    private static func write(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw Unavailable(description: "cannot write \(path)")
        }
    }

    private static func launch(_ command: [String], state: TemporaryFolder) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        try write("", to: state.file("stderr.log"))
        try ProcessLaunch.serialized {
            guard let errors = FileHandle(forWritingAtPath: state.file("stderr.log")) else {
                throw Unavailable(description: "cannot open \(state.file("stderr.log"))")
            }
            defer { try? errors.close() }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
        }
        return process
    }

    /// Whether Apache came up: its pid file is written once its port is bound (a failed bind exits without
    /// one), and an `OPTIONS` request then has an HTTP answer (401: it checks credentials before anything).
    private static func waitUntilServing(_ process: Process, port: Int, pidFile: String) -> Bool {
        let deadline = Date().addingTimeInterval(startSeconds)
        while Date() < deadline {
            guard process.isRunning else { return false }
            if FileManager.default.fileExists(atPath: pidFile), LoopbackTCP.answersHTTP(port: port) {
                return process.isRunning
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// SIGTERM, then SIGKILL if Apache is still there after 10 s; always reaped. With `-X` it is one process
    /// (setpriv execs it), so nothing of it is left behind.
    private static func logs(in state: TemporaryFolder) -> String {
        ["stderr.log", "error.log"]
            .compactMap { try? String(contentsOfFile: state.file($0), encoding: .utf8) }
            .joined().trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension WebDAVServer: WebDAVTestServer {}
extension ApacheDAVServer: WebDAVTestServer {}
