/// Everything one run of `parley-sync-bench` measured, for ``markdown``.
struct SyncResults {
    var options: SyncBenchOptions
    /// Seconds the raw floor spent inserting ``SyncBenchOptions/messages`` rows.
    var rawSeconds: Double
    /// The unencrypted export and import of ``SyncBenchOptions/messages`` messages.
    var bulk: BulkMeasurement
    /// The one-message rounds by history size, in ``SyncBenchOptions/roundSizes`` order.
    var rounds: [(size: Int, rounds: OneMessageRounds)]
    /// Unencrypted and encrypted export and import at ``SyncBenchOptions/encryptedMessages``.
    var plain: BulkMeasurement
    var encrypted: BulkMeasurement
}
