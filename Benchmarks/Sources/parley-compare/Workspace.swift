import Foundation

/// The scratch folder holding one run's databases.
struct Workspace {
    let root: URL

    func path(_ name: String) throws -> String {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root.appendingPathComponent(name).path
    }

    /// The bytes a database occupies: its main file plus any WAL not yet folded in.
    static func databaseBytes(_ path: String) -> Int {
        [path, path + "-wal"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
            return total + (size ?? 0)
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}

/// Progress for a long run, on stderr so stdout carries only the table.
func progress(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
