import Foundation
import SyncBenchSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A command run to its end with `posix_spawn` and `waitpid`, timed from the spawn to the reaping.
///
/// Not Foundation's `Process`: on Linux its `waitUntilExit` polls a run loop (up to 50 ms late), which would land
/// on the `rclone` side of a comparison measured in milliseconds, and this process already runs servers that
/// `Process` watches. Standard input is /dev/null; standard output and error go to the files given (appended to
/// nothing: each is truncated first), or /dev/null.
enum ChildProcess {
    struct Outcome {
        /// The exit status, or 128 + the signal that ended it.
        var status: Int32
        var seconds: Double
    }

    static func run(
        _ command: [String], environment: [String: String], output: String? = nil, errors: String? = nil
    ) throws -> Outcome {
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t?
        #else
            var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errors ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var pid: pid_t = 0
        let start = Stopwatch.now()
        let spawned = posix_spawnp(&pid, command[0], &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw SyncBenchError("cannot run \(command[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw SyncBenchError("waitpid for \(command[0]) failed: \(errno)") }
        }
        let seconds = Stopwatch.seconds(since: start)
        let low = status & 0x7f
        return Outcome(status: low == 0 ? (status >> 8) & 0xff : 128 + low, seconds: seconds)
    }

    /// Runs `command` and throws, with the end of what it wrote on standard error, unless it exits with 0.
    @discardableResult
    static func succeed(
        _ command: [String], environment: [String: String], output: String? = nil, errors: String
    ) throws -> Outcome {
        let outcome = try run(command, environment: environment, output: output, errors: errors)
        guard outcome.status == 0 else {
            let said = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw SyncBenchError(
                "`\(command.joined(separator: " "))` exited with \(outcome.status): \(said.suffix(2_000))")
        }
        return outcome
    }
}
