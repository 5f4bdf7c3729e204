import ArgumentParser
import Foundation
import ParleyCore
import ParleySync

extension Parley {
    /// `parley sync`: share history with other machines through a target they can all reach: a shared folder,
    /// an SFTP server, a WebDAV server or an S3 bucket.
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sync history with other machines through a shared folder, SFTP, WebDAV or S3.",
            subcommands: [Run.self, Init.self, SyncStatus.self], defaultSubcommand: Run.self)

        /// `parley sync [run]`: one sync now, with progress on a terminal.
        struct Run: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "run", abstract: "Export this machine's changes and import everyone else's, now.")

            @OptionGroup var client: ClientOptions

            func run() async throws {
                let showProgress = !client.json && isatty(STDERR_FILENO) == 1
                let report = try client.connect().call("sync.run") { notification in
                    guard showProgress, let params = notification["params"] else { return }
                    let phase = params["phase"]?.text == "export" ? "exported" : "imported"
                    FileHandle.standardError.write(
                        Data(
                            "\u{1B}[2K\r\(phase) \(params["segment"]?.text ?? "") (\(params["records"]?.int ?? 0) records)"
                                .utf8))
                }
                if showProgress { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) }
                if client.json { return client.printJSON(report) }
                print(
                    "exported \(report["exported_segments"]?.int ?? 0) segments, imported "
                        + "\(report["imported_segments"]?.int ?? 0) (\(report["applied_changes"]?.int ?? 0) changes, "
                        + "\(report["conflicts"]?.int ?? 0) draft conflicts kept as copies)")
                if let moved = report["moved"] { print(Terminal.dim(SyncStatusText.traffic(moved))) }
                let skipped = report["skipped"]?.arrayValue ?? []
                for file in skipped {
                    print(
                        Terminal.yellow("skipped ") + (file["path"]?.text ?? "") + ": " + (file["reason"]?.text ?? ""))
                }
                print(Terminal.dim("content hash \(report["content_hash"]?.text ?? "")"))
                if !skipped.isEmpty { throw ExitCode(3) }
            }
        }

        /// `parley sync init TARGET`: join (or create) a target.
        struct Init: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "init",
                abstract:
                    "Sync with the target folder TARGET (a path, a file:// URL, an sftp:// URL, a WebDAV https:// "
                    + "URL or an s3:// URL), creating it when it is empty.")

            @OptionGroup var client: ClientOptions

            @Argument(
                help: ArgumentHelp(
                    "The shared folder: an absolute path, a file:// URL, sftp://user@host[:port]/path, "
                        + "https://[user@]host/path (WebDAV), or s3://bucket/prefix (keys from AWS_ACCESS_KEY_ID/"
                        + "AWS_SECRET_ACCESS_KEY or ~/.aws/credentials, endpoint from AWS_ENDPOINT_URL or ?endpoint=).")
            )
            var target: String

            @Flag(name: .long, help: "Encrypt a new target end to end; asks for a passphrase unless given a file.")
            var encrypt = false

            @Option(
                name: .long,
                help:
                    "A file only you can read that holds the passphrase (for an encrypted target; never on the command line)."
            )
            var passphraseFile: String?

            @Option(
                name: .long,
                help: "For a WebDAV target: a file only you can read holding the password (else ~/.netrc is used).")
            var passwordFile: String?

            @Option(
                name: .long,
                help: ArgumentHelp(
                    "For an SFTP target: the ed25519 or ECDSA private key to log in with (else ssh-agent, then "
                        + "~/.ssh/id_ed25519 or id_ecdsa)."))
            var identityFile: String?

            @Option(
                name: .long,
                help: ArgumentHelp(
                    "For an SFTP target: trust the server whose host key fingerprint is this (SHA256:…, as "
                        + "`ssh-keygen -lf` prints it) instead of looking it up in ~/.ssh/known_hosts."))
            var hostKey: String?

            @Flag(name: .long, help: "Write this machine's whole history again and import every machine anew.")
            var reset = false

            @Flag(name: .long, help: "Start a new target where the recorded one has vanished.")
            var replace = false

            func run() async throws {
                let target = target.hasPrefix("/") || target.contains("://") ? target : Self.absolute(target)
                var params: [String: JSONValue] = ["target": .string(target)]
                if reset { params["reset"] = true }
                if replace { params["replace"] = true }
                if let passwordFile { params["password_file"] = .string(Self.absolute(passwordFile)) }
                if let identityFile { params["identity_file"] = .string(Self.absolute(identityFile)) }
                if let hostKey { params["host_key"] = .string(hostKey) }
                if let passphraseFile {
                    params["passphrase_file"] = .string(Self.absolute(passphraseFile))
                } else if encrypt {
                    guard let passphrase = try PassphrasePrompt.newPassphrase() else {
                        throw ValidationError("no terminal to ask for the passphrase on; use --passphrase-file FILE")
                    }
                    let path =
                        ParleyPaths(environment: ProcessInfo.processInfo.environment).dataFolder
                        + "/sync-passphrase"
                    try PassphraseFile.write(passphrase, to: path)
                    params["passphrase_file"] = .string(path)
                    print(Terminal.dim("passphrase kept in \(path) (readable by you only), for background syncs"))
                }
                let configured = try client.connect().call("sync.configure", params)
                if client.json { return client.printJSON(configured) }
                let encrypted = configured["encrypted"] == true ? " (encrypted)" : ""
                print("syncing with \(configured["target"]?.text ?? target)\(encrypted)")
                print(
                    Terminal.dim(
                        "target \(configured["target_id"]?.text ?? "")  device \(configured["device_id"]?.text ?? "")"))
            }

            static func absolute(_ path: String) -> String {
                path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            }
        }

        /// `parley sync status`.
        struct SyncStatus: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "status", abstract: "The target, the last run, and every other machine's state.")

            @OptionGroup var client: ClientOptions

            func run() async throws {
                let status = try client.connect().call("sync.status")
                if client.json { return client.printJSON(status) }
                print(SyncStatusText.render(status))
            }
        }
    }
}

/// The text of a sync status, shared by `parley sync status` and `parley doctor`.
enum SyncStatusText {
    static func render(_ status: JSONValue) -> String {
        guard let target = status["target"]?.text else {
            return "sync             not set up (parley sync init TARGET)"
        }
        var lines = [
            "sync target      \(target)\(status["encrypted"] == true ? " (encrypted)" : "")"
                + (status["target_kind"]?.text.map { "  \($0)" } ?? "")
                + (status["reachable"] == false ? "  " + Terminal.red("unreachable") : ""),
            "this device      \(status["device_id"]?.text ?? "")",
            "last run         \(status["last_run"]?.int.map(Self.time) ?? "never")"
                + (status["last_moved"].map { "  " + Self.traffic($0) } ?? ""),
            "exported         \(status["exported_sequence"]?.int ?? 0) of \(status["latest_change"]?.int ?? 0) changes",
            "content hash     \(status["content_hash"]?.text ?? "")",
        ]
        if let error = status["last_error"]?.text { lines.append(Terminal.red("last error       ") + error) }
        if let error = status["target_error"]?.text { lines.append(Terminal.red("target           ") + error) }
        for file in status["skipped"]?.arrayValue ?? [] {
            lines.append(
                Terminal.yellow("skipped          ") + (file["path"]?.text ?? "") + ": " + (file["reason"]?.text ?? ""))
        }
        for peer in status["peers"]?.arrayValue ?? [] {
            let verdict = peer["verdict"]?.text ?? "unknown"
            let painted =
                switch verdict {
                case "in_sync": Terminal.green("in sync")
                case "diverged": Terminal.red("DIVERGED")
                case "catching_up": Terminal.yellow("catching up")
                default: Terminal.dim("unknown")
                }
            var line = "device \(Terminal.short(peer["device_id"]?.text))  imported \(peer["cursor"]?.int ?? 0)"
            if let head = peer["head_sequence"]?.int { line += " of \(head)" }
            line += "  \(painted)"
            if let error = peer["last_error"]?.text { line += "  " + Terminal.yellow(error) }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// `wrote 3 files (12.4 KB), read 2 (3.1 KB), 9 requests (1 retried)`.
    static func traffic(_ moved: JSONValue) -> String {
        let bytes = ByteCountFormatter()
        bytes.countStyle = .file
        func size(_ key: String) -> String { bytes.string(fromByteCount: Int64(moved[key]?.int ?? 0)) }
        let written = moved["files_written"]?.int ?? 0
        var text =
            "wrote \(written) file\(written == 1 ? "" : "s") (\(size("bytes_written"))), "
            + "read \(moved["files_read"]?.int ?? 0) (\(size("bytes_read")))"
        if let requests = moved["requests"]?.int {
            text += ", \(requests) request\(requests == 1 ? "" : "s")"
            if let retries = moved["retries"]?.int, retries > 0 { text += " (\(retries) retried)" }
        }
        return text
    }

    private static func time(_ milliseconds: Int) -> String {
        Terminal.time(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000)))
    }
}
