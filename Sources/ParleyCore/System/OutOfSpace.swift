#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `errno` values that mean a write found no room: the disk is full (ENOSPC), the user's quota is used up
/// (EDQUOT), or the file would grow past what the file system or `RLIMIT_FSIZE` allows (EFBIG).
///
/// They are told apart from other failures because they need a different answer: nothing is wrong with the
/// data or the request, and the same write succeeds once space is freed.
public enum OutOfSpace {
    public static func explains(_ code: Int32) -> Bool {
        code == ENOSPC || code == EDQUOT || code == EFBIG
    }

    /// What to tell the user about `code`, one of the codes ``explains(_:)`` accepts.
    public static func describe(_ code: Int32) -> String {
        let name = String(cString: strerror(code))
        return code == EFBIG
            ? "the file would grow past the largest size allowed here (\(name))"
            : "the disk is full (\(name))"
    }
}
