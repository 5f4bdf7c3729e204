import SyncBenchSupport

/// The timed part of a ``SyncPair``: what A's first run (the export) and B's (the import) took, and what the
/// export left on the target.
struct BulkMeasurement {
    var messages: Int
    var export: TimedRun
    var `import`: TimedRun
    /// B's `configure` of the existing target, untimed in ``import``: for an encrypted target, the scrypt
    /// derivation of its key, which the engine then keeps.
    var joinSeconds: Double
    /// A's segments on the target after its export.
    var footprint: TargetFootprint
    /// The UTF-8 bytes of the messages' text, which the target's size is set against.
    var textBytes: Int
}
