import GRDB
import ParleyCore

/// The one-row table that names this database's device, created on first open.
enum StoreIdentity {
    static func deviceID(_ db: Database) throws -> EntityID {
        if let stored = try String.fetchOne(db, sql: "SELECT device_id FROM store_identity WHERE singleton = 1") {
            return try EntityID(validating: stored, field: "store_identity.device_id")
        }
        let device = EntityID.generate()
        try db.execute(
            sql: "INSERT INTO store_identity (singleton, device_id, created_at) VALUES (1, ?, ?)",
            arguments: [device.rawValue, HybridLogicalClock.systemWallClock()])
        return device
    }
}
