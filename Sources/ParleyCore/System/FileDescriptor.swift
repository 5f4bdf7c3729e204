#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open file descriptor with exactly one owner, which closes it exactly once.
///
/// A descriptor number is reused by the very next `open`, `socket` or `epoll_create` on any thread, so closing
/// a number twice closes somebody else's file: SQLite's database, an event loop's epoll instance. Bare `Int32`s
/// invite that (a `close` in a throwing init and again in `deinit`, which Swift runs once the stored properties
/// are set). This type cannot be copied, so there is one owner; the descriptor is closed when the owner goes
/// away, or handed on once with ``release()``; and nothing else in Parley calls `close(2)` on a descriptor.
///
/// ```swift
/// guard let file = FileDescriptor(adopting: open(path, O_RDONLY | O_CLOEXEC)) else { throw … }
/// let count = read(file.rawValue, buffer, size)   // closed when `file` goes out of scope
/// ```
public struct FileDescriptor: ~Copyable, Sendable {
    /// The descriptor number, valid while this value lives; never close it yourself.
    public let rawValue: Int32

    /// Takes ownership of the result of a call that returns a descriptor, or nil when that call failed
    /// (a negative result), leaving `errno` as the call set it.
    public init?(adopting rawValue: Int32) {
        guard rawValue >= 0 else { return nil }
        self.rawValue = rawValue
    }

    deinit {
        // Linux releases the number even when close reports EINTR or EIO, so a retry could close a reused one.
        _ = systemClose(rawValue)
    }

    /// Gives up ownership without closing, for a new owner that closes it itself (`fdopendir`'s stream).
    public consuming func release() -> Int32 {
        let number = rawValue
        discard self
        return number
    }

    /// Closes now and reports the error `close(2)` gave (a network share may report a failed write only here).
    public consuming func close() -> Int32? {
        let number = release()
        return systemClose(number) == 0 ? nil : errno
    }
}

/// `close(2)`, reachable from a type that has a `close` method of its own.
private func systemClose(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
        Glibc.close(descriptor)
    #else
        Darwin.close(descriptor)
    #endif
}
