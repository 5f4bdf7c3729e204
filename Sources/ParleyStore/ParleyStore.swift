import Foundation
import GRDB
import ParleyCore

/// Parley's store: one SQLite file in WAL mode holding every conversation, message, draft and usage record.
///
/// Writes are serialised by one writer connection while readers run concurrently; each mutation commits in
/// one transaction together with its change-log row and its search-index update.
///
/// ```swift
/// let store = try ParleyStore.open(path: "/home/me/.local/share/parley/parley.sqlite")
/// let conversation = try await store.conversations.create(NewConversation(title: "Rust lifetimes"))
/// ```
public final class ParleyStore: Sendable {
    public let path: String
    /// This database's device identity, created once with the database.
    public let deviceID: EntityID
    public let clock: HybridLogicalClock
    /// The migrations applied while opening, and where the backup taken before them went.
    public let migrationsApplied: [String]
    public let backupPath: String?
    let pool: DatabasePool
    private let committer: GroupCommitter
    private let checkpointer: Checkpointer
    private let readers: ThreadReaders

    public var conversations: ConversationRepository { ConversationRepository(store: self) }
    public var messages: MessageRepository { MessageRepository(store: self) }
    public var drafts: DraftRepository { DraftRepository(store: self) }
    public var usage: UsageRepository { UsageRepository(store: self) }
    public var completions: CompletionRepository { CompletionRepository(store: self) }
    public var search: SearchRepository { SearchRepository(store: self) }
    public var changeLog: ChangeLog { ChangeLog(store: self) }
    public var sync: SyncRepository { SyncRepository(store: self) }
    public var identifiers: IdentifierRepository { IdentifierRepository(store: self) }
    public var tokens: TokenRepository { TokenRepository(store: self) }
    public var threads: ThreadRepository { ThreadRepository(store: self) }
    public var imports: ImportRepository { ImportRepository(store: self) }
    public var exports: ExportRepository { ExportRepository(store: self) }

    /// Opens (creating if needed) the database at `path` and migrates it.
    ///
    /// Throws ``ParleyError/databaseUnreadable(path:reason:)`` for a file that is not SQLite or is damaged and
    /// ``ParleyError/migrationRefused(path:reason:)`` for one whose schema this binary must not touch; in both
    /// cases the file is left as it was.
    public static func open(
        path: String, configuration: StoreConfiguration = StoreConfiguration()
    ) throws -> ParleyStore {
        let migrator = SchemaMigrator(
            migrations: configuration.migrations, path: path, progress: configuration.migrationProgress)
        try DatabaseFileCheck.verify(path: path, history: migrator.verifyHistory)
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        // Created empty and private before SQLite opens it, so the WAL and shared-memory files SQLite creates
        // beside it copy its 0600 mode instead of the process's umask.
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let pool: DatabasePool
        let checkpointer = Checkpointer(path: path)
        let connectionConfiguration = makeConfiguration(configuration, checkpointer: checkpointer)
        do {
            pool = try DatabasePool(path: path, configuration: connectionConfiguration)
        } catch let error as DatabaseError {
            throw ParleyError.databaseUnreadable(path: path, reason: error.message ?? "\(error)")
        }
        for file in [path, path + "-wal", path + "-shm"] {
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
        let outcome = try migrator.migrate(pool)
        let (deviceID, newest) = try pool.write { db in
            try (StoreIdentity.deviceID(db), ChangeLog.newestStamp(db))
        }
        let clock = HybridLogicalClock(
            deviceID: deviceID, after: newest, maximumSkewMilliseconds: configuration.maximumClockSkewMilliseconds,
            wallClock: configuration.wallClock)
        return ParleyStore(
            path: path, deviceID: deviceID, clock: clock, pool: pool, checkpointer: checkpointer,
            readers: ThreadReaders(path: path, configuration: connectionConfiguration),
            migrationsApplied: outcome.applied, backupPath: outcome.backupPath)
    }

    private init(
        path: String, deviceID: EntityID, clock: HybridLogicalClock, pool: DatabasePool, checkpointer: Checkpointer,
        readers: ThreadReaders, migrationsApplied: [String], backupPath: String?
    ) {
        self.path = path
        self.deviceID = deviceID
        self.clock = clock
        self.pool = pool
        self.committer = GroupCommitter(pool: pool, checkpointer: checkpointer)
        self.checkpointer = checkpointer
        self.readers = readers
        self.migrationsApplied = migrationsApplied
        self.backupPath = backupPath
    }

    /// Waits for running work, checkpoints the WAL into the main file and closes every connection.
    public func close() throws {
        committer.close()
        readers.close()
        checkpointer.close(wait: true)
        // A failed checkpoint only leaves the WAL for the next open to fold in; closing matters more.
        try? pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try pool.close()
    }

    deinit {
        readers.close()
        checkpointer.close(wait: false)
    }

    private static func makeConfiguration(_ options: StoreConfiguration, checkpointer: Checkpointer) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(options.busyTimeoutSeconds)
        configuration.maximumReaderCount = options.maximumReaderCount
        configuration.foreignKeysEnabled = false
        configuration.prepareDatabase { db in
            db.add(tokenizer: ParleyTokenizer.self)
            db.add(function: DecimalSum.function)
            // WAL makes NORMAL durable against crashes of the process; only a power loss can drop the last
            // commits. A larger cache and memory-mapped reads keep search fast on million-message stores.
            // Only readers map the file: the writer touches every page a long import or sync grows, and
            // mapped pages stay resident (a 1 GiB import peaked at 312 MiB mapped, 67 MiB without, at the
            // same speed), while its own reads are the few recent pages its cache already holds.
            // The log is truncated back to 64 MiB after a checkpoint that let it grow past that.
            let memoryMap = db.configuration.readonly ? options.memoryMapBytes : 0
            try db.execute(
                sql: """
                    PRAGMA synchronous = NORMAL;
                    PRAGMA cache_size = -16384;
                    PRAGMA mmap_size = \(memoryMap);
                    PRAGMA journal_size_limit = 67108864;
                    """)
            if !db.configuration.readonly { checkpointer.watch(db) }
        }
        return configuration
    }

    // MARK: - Transactions

    /// Runs `work` atomically in a write transaction, turning SQLite failures into ``ParleyError``.
    ///
    /// Writes run on ``GroupCommitter``'s writer thread, and concurrent ones share one transaction, so a daemon
    /// serving many clients pays one commit per group rather than per write, and the caller's thread is free
    /// while the commit runs.
    func write<T: Sendable>(_ work: (Database) throws -> T) async throws(ParleyError) -> T {
        do {
            return try await committer.write(work)
        } catch {
            throw translate(error)
        }
    }

    /// Runs `work` on a reader connection, concurrently with writes (inline, like ``write(_:)``).
    func read<T: Sendable>(_ work: (Database) throws -> T) async throws(ParleyError) -> T {
        try readNow(work)
    }

    /// ``read(_:)`` for callers that must not suspend.
    func readNow<T: Sendable>(_ work: (Database) throws -> T) throws(ParleyError) -> T {
        do {
            return try pool.read(work)
        } catch {
            throw translate(error)
        }
    }

    /// Runs `work`, which must read with one SQL statement, on the calling thread's own reader connection
    /// (``ThreadReaders``) without a transaction around it: a single statement sees one snapshot by itself,
    /// and BEGIN and COMMIT cost as much as a lookup by id.
    func readOneStatement<T: Sendable>(_ work: (Database) throws -> T) throws(ParleyError) -> T {
        do {
            if let connection = readers.connection() { return try connection.unsafeRead(work) }
            return try pool.unsafeRead(work)
        } catch {
            throw translate(error)
        }
    }

    func translate(_ error: any Error) -> ParleyError {
        StorageFailure.translate(error, databasePath: path)
    }
}
