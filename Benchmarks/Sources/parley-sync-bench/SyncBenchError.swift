/// A benchmark step that failed or did not do what the measurement assumes (a run that moved no segment, devices
/// whose content hashes differ): the numbers would be wrong, so the run stops and says why.
struct SyncBenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
