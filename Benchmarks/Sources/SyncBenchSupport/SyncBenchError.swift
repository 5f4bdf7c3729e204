/// A benchmark step that failed or did not do what the measurement assumes (a run that moved no segment, devices
/// whose content hashes differ): the numbers would be wrong, so the run stops and says why.
public struct SyncBenchError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
