import Foundation

/// A real WebDAV server (WsgiDAV on cheroot, `Tests/Servers/webdav_server.py`) serving a temporary folder on
/// 127.0.0.1 with basic auth for one user, on a port the system chose. Stopped, and its folder removed, when the
/// value goes away.
///
/// It runs on the Python of the tests' virtual environment (`.venv-test`, which `make test` creates), or
/// `PARLEY_TEST_PYTHON`; without it the init throws saying how to get it, so a test fails instead of passing.
public final class WebDAVServer: @unchecked Sendable {
    public let root = TemporaryFolder(prefix: "parley-webdav-")
    public let user = "parley"
    public let password = "correct-horse-battery-staple"
    public let port: Int
    private let process: Process
    private let input: FileHandle

    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// The repository's root, found from this file's place in it.
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    public init() throws {
        let python =
            ProcessInfo.processInfo.environment["PARLEY_TEST_PYTHON"]
            ?? Self.repository.appendingPathComponent(".venv-test/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Unavailable(
                description: "the WebDAV tests need WsgiDAV in \(python): run `make test-deps` (it makes .venv-test)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            Self.repository.appendingPathComponent("Tests/Servers/webdav_server.py").path, root.path, user, password,
        ]
        let (input, output) = try ProcessLaunch.launch(process)
        self.process = process
        self.input = input
        // The first line is `PORT <n>`; anything else means the server could not start.
        var line = Data()
        while let byte = try? output.read(upToCount: 1), let first = byte.first,
            first != UInt8(ascii: "\n")
        {
            line.append(first)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            ProcessLaunch.stop(process)
            throw Unavailable(description: "the WebDAV server did not start (it said \(text.debugDescription))")
        }
        self.port = port
    }

    deinit {
        try? ProcessLaunch.serialized { try input.close() }
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
}
