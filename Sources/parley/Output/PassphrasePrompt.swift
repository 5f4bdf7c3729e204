import ArgumentParser
import Foundation
import ParleyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Asks for a passphrase on the terminal without echoing it.
enum PassphrasePrompt {
    /// Reads a new passphrase twice from /dev/tty; nil when there is no terminal to ask on.
    static func newPassphrase() throws -> Data? {
        guard let tty = FileDescriptor(adopting: open("/dev/tty", O_RDWR | O_CLOEXEC)) else { return nil }
        let first = try read(tty.rawValue, prompt: "New sync passphrase (at least 8 characters): ")
        let second = try read(tty.rawValue, prompt: "The same passphrase again: ")
        guard first == second else { throw ValidationError("the two passphrases differ; nothing was set up") }
        return first
    }

    private static func read(_ tty: Int32, prompt: String) throws -> Data {
        _ = prompt.withCString { write(tty, $0, strlen($0)) }
        var saved = termios()
        tcgetattr(tty, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(tty, TCSAFLUSH, &silent)
        defer {
            tcsetattr(tty, TCSAFLUSH, &saved)
            _ = write(tty, "\n", 1)
        }
        let handle = FileHandle(fileDescriptor: tty, closeOnDealloc: false)
        var bytes: [UInt8] = []
        while let byte = handle.readData(ofLength: 1).first, byte != UInt8(ascii: "\n") {
            bytes.append(byte)
            guard bytes.count <= 4_096 else { throw ValidationError("the passphrase is longer than 4096 bytes") }
        }
        return Data(bytes)
    }
}
