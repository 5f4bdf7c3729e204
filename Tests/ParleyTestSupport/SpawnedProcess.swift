import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A long-running child (sshd, ssh-agent), started with `posix_spawn` and reaped here, not through
/// Foundation's `Process`: on Linux `Process` learns that a child ended when a socket the child inherited
/// closes, and then blocks its one monitoring thread in `waitpid` for that child. sshd and ssh-agent close every
/// inherited descriptor as they start, so under `Process` that thread would wait for them until they are
/// stopped, and meanwhile no other `Process` in the test process would ever be seen to exit (every
/// `waitUntilExit` hangs). Standard input
/// and output are /dev/null, standard error goes to `log` (which must exist; appended), the environment is this process's,
/// and the signals the child relies on are back to their defaults and unblocked.
public final class SpawnedProcess {
    public let pid: pid_t
    private var status: Int32?

    public init(_ path: String, _ arguments: [String], log: String) throws {
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] =
            ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t = nil
            var attributes: posix_spawnattr_t = nil
        #else
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_APPEND, 0)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGHUP, SIGINT, SIGTERM, SIGCHLD, SIGALRM, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let result = ProcessLaunch.serialized { posix_spawn(&pid, path, &actions, &attributes, argv, envp) }
        guard result == 0 else {
            throw WebDAVServer.Unavailable(description: "cannot start \(path): \(String(cString: strerror(result)))")
        }
        self.pid = pid
    }

    deinit { stop() }

    /// Whether it has not exited yet (reaping it if it has).
    public var isRunning: Bool {
        if status != nil { return false }
        var raw: Int32 = 0
        let waited = waitpid(pid, &raw, WNOHANG)
        if waited == pid || (waited == -1 && errno == ECHILD) {
            status = raw
            return false
        }
        return true
    }

    /// SIGTERM, SIGKILL after 5 s, reaped; how it ended. Does nothing more once it has.
    @discardableResult
    public func stop() -> String {
        if isRunning {
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(5)
            while isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
            if isRunning {
                kill(pid, SIGKILL)
                var raw: Int32 = 0
                while waitpid(pid, &raw, 0) == -1, errno == EINTR {}
                status = raw
            }
        }
        let raw = status ?? 0
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        return raw & 0x7f == 0 ? "status \((raw >> 8) & 0xff)" : "signal \(raw & 0x7f)"
    }
}
