import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs `work` to its end and returns its result, blocking the calling thread.
///
/// libFuzzer calls `LLVMFuzzerTestOneInput` synchronously on its own thread, while Parley's store, dispatcher and
/// search are async. The work runs as a detached task on the global executor (never on the calling thread), so
/// waiting on a semaphore here cannot deadlock; libFuzzer's `-timeout` still fires if the work never finishes.
public func runBlocking<Value: Sendable>(_ work: @escaping @Sendable () async -> Value) -> Value {
    let box = ResultBox<Value>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        box.value = await work()
        done.signal()
    }
    done.wait()
    guard let value = box.value else { fatalError("the task signalled without a result") }
    return value
}

/// Carries a task's result back to the thread waiting for it; the semaphore orders the write before the read.
private final class ResultBox<Value>: @unchecked Sendable {
    var value: Value?
}

/// The input bytes libFuzzer hands over, copied into `Data` (the fuzzer may reuse its buffer after we return).
public func inputData(_ start: UnsafeRawPointer, _ count: Int) -> Data {
    Data(bytes: start, count: count)
}

/// Stops the fuzzer with a finding: the message goes to stderr before the trap, so the crash log says which
/// invariant broke, and libFuzzer saves the input as a `crash-` artifact.
public func finding(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    FileHandle.standardError.write(Data("FUZZ FINDING (\(file):\(line)): \(message())\n".utf8))
    fatalError("fuzz finding", file: file, line: line)
}

/// A fresh private folder under `$TMPDIR` (run.sh points it at a scratch folder), removed when the process exits
/// normally. A process killed by a finding leaves it behind for run.sh to clear with the rest of its scratch.
public final class ScratchFolder: Sendable {
    public let path: String

    public init(prefix: String) {
        var template = Array((NSTemporaryDirectory() + "/" + prefix + "XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!) }
        guard made != nil else { fatalError("cannot create a scratch folder under \(NSTemporaryDirectory())") }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        ScratchFolder.registerForRemoval(path)
    }

    /// A path inside the folder.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Removes the folder and everything in it now.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func registerForRemoval(_ path: String) {
        scratchFolders.add(path)
    }
}

/// The scratch folders to delete at exit. `atexit` takes a C function, which cannot capture, hence a global.
private final class RemovalList: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String] = []
    private var registered = false

    func add(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        paths.append(path)
        if !registered {
            registered = true
            atexit { scratchFolders.removeAll() }
        }
    }

    func removeAll() {
        lock.lock()
        let all = paths
        paths = []
        lock.unlock()
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
}

private let scratchFolders = RemovalList()

/// Replaces the contents of the file at `path` (created `0600` if missing) without waiting for the disk.
///
/// `Data.write(to:)` and `FileManager.createFile` fsync, and truncating a file to zero then rewriting it makes
/// ext4 flush it on close (`auto_da_alloc`); either made a config-file run fifty times slower than its parse. So
/// the bytes are written over the old ones and the file is then cut to their length.
public func overwrite(_ path: String, with data: Data) {
    let descriptor = open(path, O_WRONLY | O_CREAT, 0o600)
    guard descriptor >= 0 else { fatalError("cannot open the scratch file \(path): errno \(errno)") }
    defer { close(descriptor) }
    data.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = pwrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset, off_t(offset))
            guard written > 0 else { fatalError("cannot write the scratch file \(path): errno \(errno)") }
            offset += written
        }
    }
    guard ftruncate(descriptor, off_t(data.count)) == 0 else {
        fatalError("cannot cut the scratch file \(path): errno \(errno)")
    }
}
