import Foundation

/// The inputs that once crashed a fuzz target or broke its checks, kept in `Fuzz/Regressions/<target>/`, so
/// `make test` replays every one of them through the code it found at fault.
public enum FuzzRegressions {
    /// Each input of `target`, by file name; throws when there are none, so a moved folder fails the test.
    public static func inputs(of target: String) throws -> [(name: String, bytes: Data)] {
        let folder = WebDAVServer.repository.appendingPathComponent("Fuzz/Regressions/\(target)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }
            .sorted()
        guard !names.isEmpty else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: folder.path])
        }
        return try names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
    }
}
