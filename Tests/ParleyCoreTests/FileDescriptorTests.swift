import ParleyCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The owner of a descriptor closes it when it goes away, once, and not after handing it on. A pipe shows it
/// without racing other tests for descriptor numbers: its read end sees the end of input exactly when the
/// last write end is closed.
@Suite struct FileDescriptorTests {
    struct Refused: Error {}

    private func pipeEnds() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        return (ends[0], ends[1])
    }

    /// Whether the pipe's writers are all gone: a read that returns 0 bytes instead of failing with EAGAIN.
    private func writersClosed(_ readEnd: Int32) -> Bool {
        _ = fcntl(readEnd, F_SETFL, O_NONBLOCK)
        var byte: UInt8 = 0
        return read(readEnd, &byte, 1) == 0
    }

    @Test func goingAwayClosesIt() throws {
        let (readEnd, writeEnd) = try pipeEnds()
        defer { _ = close(readEnd) }
        do {
            guard let owner = FileDescriptor(adopting: writeEnd) else { throw Refused() }
            #expect(owner.rawValue == writeEnd)
            #expect(!writersClosed(readEnd))
        }
        #expect(writersClosed(readEnd))
    }

    @Test func aFailedCallIsNoDescriptor() {
        errno = 0
        let adopted = FileDescriptor(adopting: open("/nonexistent/parley", O_RDONLY)) != nil
        #expect(!adopted)
        #expect(errno == ENOENT)
    }

    @Test func releasedItStaysOpenForItsNewOwner() throws {
        let (readEnd, writeEnd) = try pipeEnds()
        defer { _ = close(readEnd) }
        guard let owner = FileDescriptor(adopting: writeEnd) else { throw Refused() }
        let number = owner.release()
        #expect(number == writeEnd)
        #expect(!writersClosed(readEnd))
        #expect(close(number) == 0)
        #expect(writersClosed(readEnd))
    }

    @Test func closingReportsNoErrorAndClosesOnce() throws {
        let (readEnd, writeEnd) = try pipeEnds()
        defer { _ = close(readEnd) }
        guard let owner = FileDescriptor(adopting: writeEnd) else { throw Refused() }
        #expect(owner.close() == nil)
        #expect(writersClosed(readEnd))
    }
}
