import ParleyCore

/// How a ``ParleyStore`` opens its database. The defaults suit the daemon; tests shorten or inject parts.
public struct StoreConfiguration: Sendable {
    /// How long a write waits for another process's lock before failing (default 5 s).
    public var busyTimeoutSeconds: Double = 5
    /// How many connections may read at once, beside the one writer (default 8).
    public var maximumReaderCount: Int = 8
    /// How far a received clock stamp may run ahead of this machine's clock (default one day).
    public var maximumClockSkewMilliseconds: Int64 = HybridLogicalClock.defaultMaximumSkewMilliseconds
    /// The wall clock behind the hybrid logical clock (default: the system clock).
    public var wallClock: HybridLogicalClock.WallClock = HybridLogicalClock.systemWallClock
    /// How much of the database file each reading connection reads through a memory map (default 256 MiB; the
    /// writer maps none). Mapped pages make big searches faster but count in the process's resident memory; 0
    /// reads through SQLite's own page cache only.
    public var memoryMapBytes: Int = 256 << 20
    /// The migrations to apply (default: every migration this binary carries).
    public var migrations: [EmbeddedMigration] = EmbeddedMigrations.all
    /// Hears how far a long migration is while the store opens (default: nobody).
    public var migrationProgress: (@Sendable (MigrationProgress) -> Void)?

    public init() {}
}
