import StreamBenchSupport
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams answers with one `curl -sN` process per stream, reading its standard output through a pipe: straight
/// from the server (the baseline a relay is compared with), or through an OpenAI-compatible relay (Parley's
/// gateway, LiteLLM's proxy) in front of it.
///
/// The request body is the one the daemon sends for a conversation of one user message. `curl` appends its
/// own `time_starttransfer` after the body (`-w`), which times the transfer without the process start.
final class CurlStreamer: Streamer {
    private let curl: String
    private let url: String
    private let authorization: String
    /// Each stream's prompt made unique (` n=<count>`), so a relay that threads requests into conversations
    /// starts a new one for each, as a frontend's first turn does.
    private let uniquePrompts: Bool
    /// Streams sent by every streamer of this process, for unique prompts.
    private static let sent = Mutex(0)

    init(curl: String, baseURL: String, key: String = "sk-bench", uniquePrompts: Bool = false) {
        self.curl = curl
        url = baseURL + "/chat/completions"
        authorization = "Authorization: Bearer \(key)"
        self.uniquePrompts = uniquePrompts
    }

    private static let spawning = Mutex(())
    private static let done = Array("data: [DONE]".utf8)
    private static let startTransfer = Array("starttransfer=".utf8)

    func stream(_ shape: StreamShape) throws(StreamFailure) -> StreamRecord {
        let prompt = uniquePrompts ? shape.prompt + " n=\(Self.sent.withLock { $0 += 1; return $0 })" : shape.prompt
        let body =
            #"{"model":"deepseek-v4-flash","messages":[{"role":"user","content":"\#(prompt)"}],"#
            + #""stream":true,"stream_options":{"include_usage":true}}"#
        let arguments = [
            curl, "-sN", "--noproxy", "*", "--max-time", "600", "-X", "POST", url,
            "-H", "Content-Type: application/json", "-H", authorization, "-d", body,
            "-w", "\\nstarttransfer=%{time_starttransfer}\\n",
        ]
        var pipeEnds: [Int32] = [-1, -1]
        var pid: pid_t = 0
        var record = StreamRecord(requested: MonotonicClock.nanoseconds())
        let spawned = Self.spawning.withLock { _ -> Int32 in
            // Close-on-exec before any other thread spawns, so no other `curl` holds this pipe open: Swift cannot
            // see `pipe2`, so the lock covers the gap between `pipe` and `fcntl`.
            guard pipe(&pipeEnds) == 0 else { return errno }
            for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let argv = arguments.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            record.requested = MonotonicClock.nanoseconds()
            let spawned = posix_spawnp(&pid, curl, &actions, nil, argv, environ)
            close(pipeEnds[1])
            if spawned != 0 { close(pipeEnds[0]) }
            return spawned
        }
        guard spawned == 0 else {
            throw StreamFailure(description: "cannot start \(curl): \(String(cString: strerror(spawned)))")
        }
        defer { close(pipeEnds[0]) }
        let lines = LineReader(descriptor: pipeEnds[0])
        var sawDone = false
        var readFailure: StreamFailure?
        do throws(StreamFailure) {
            while try lines.receive() {
                while lines.nextLine({ line in
                    if let stamp = DeltaStamp.sendTime(in: line) {
                        record.received(stamp, at: lines.receivedAt)
                    } else if line.starts(with: Self.done) {
                        sawDone = true
                    } else if line.starts(with: Self.startTransfer),
                        let seconds = Double(String(decoding: line.dropFirst(Self.startTransfer.count), as: UTF8.self))
                    {
                        record.startTransfer = UInt64(seconds * 1e9)
                    }
                }) {}
            }
        } catch {
            readFailure = error
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        record.ended = MonotonicClock.nanoseconds()
        // WIFEXITED and WEXITSTATUS, which Swift does not import.
        let exitCode = status & 0x7f == 0 ? (status >> 8) & 0xff : -1
        if let readFailure {
            record.failure = "reading curl: \(readFailure)"
        } else if exitCode != 0 {
            record.failure = exitCode < 0 ? "curl was killed by signal \(status & 0x7f)" : "curl exited \(exitCode)"
        } else if !sawDone {
            record.failure = "the stream ended without data: [DONE]"
        }
        record.requireDeltas(shape.deltas)
        return record
    }
}
