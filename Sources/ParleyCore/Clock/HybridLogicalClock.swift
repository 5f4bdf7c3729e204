import Foundation
import Synchronization

/// A hybrid logical clock: stamps that follow wall-clock time but never go backwards, even when the wall clock
/// does, and that move past every stamp received from another device.
///
/// One clock serves a whole store; it is safe to call from any thread.
///
/// ```swift
/// let clock = HybridLogicalClock(deviceID: device, after: newestStampInTheDatabase)
/// let stamp = clock.now()
/// ```
public final class HybridLogicalClock: Sendable {
    /// Reads the wall clock in milliseconds since 1970; injectable so tests can move time backwards.
    public typealias WallClock = @Sendable () -> Int64

    public let deviceID: EntityID
    /// How far ahead of this machine's wall clock a received stamp may be before it is refused.
    public let maximumSkewMilliseconds: Int64
    private let wallClock: WallClock
    private let last: Mutex<(milliseconds: Int64, counter: UInt16)>

    /// The default tolerance for stamps from other devices: one day.
    public static let defaultMaximumSkewMilliseconds: Int64 = 86_400_000

    public static let systemWallClock: WallClock = {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// - Parameter after: the newest stamp already stored, so a restarted clock never repeats one.
    public init(
        deviceID: EntityID,
        after newest: HybridTimestamp? = nil,
        maximumSkewMilliseconds: Int64 = HybridLogicalClock.defaultMaximumSkewMilliseconds,
        wallClock: @escaping WallClock = HybridLogicalClock.systemWallClock
    ) {
        self.deviceID = deviceID
        self.maximumSkewMilliseconds = maximumSkewMilliseconds
        self.wallClock = wallClock
        last = Mutex((newest?.milliseconds ?? 0, newest?.counter ?? 0))
    }

    /// A new stamp, greater than every stamp this clock has made or received.
    public func now() -> HybridTimestamp {
        let wall = wallClock()
        let next = last.withLock { last in
            if wall > last.milliseconds {
                last = (wall, 0)
            } else {
                last = Self.increment(last)
            }
            return last
        }
        return HybridTimestamp(milliseconds: next.milliseconds, counter: next.counter, deviceID: deviceID)
    }

    /// Takes in a stamp from another device, so later local stamps order after it.
    ///
    /// Refuses a stamp more than ``maximumSkewMilliseconds`` ahead of the wall clock: trusting it would drag
    /// every later stamp of this device into the future.
    public func receive(_ remote: HybridTimestamp) throws(ParleyError) {
        try check(remote)
        last.withLock { last in
            if (remote.milliseconds, remote.counter) > (last.milliseconds, last.counter) {
                last = (remote.milliseconds, remote.counter)
            }
        }
    }

    /// Refuses a stamp more than ``maximumSkewMilliseconds`` ahead of the wall clock, without taking it in:
    /// an importer checks every stamp of a segment before it applies any of them.
    public func check(_ remote: HybridTimestamp, field: String = "hlc") throws(ParleyError) {
        guard remote.milliseconds <= wallClock() + maximumSkewMilliseconds else {
            throw .invalidValue(
                field: field, value: remote.description,
                rule: "is more than \(maximumSkewMilliseconds) ms ahead of this machine's clock")
        }
    }

    private static func increment(_ stamp: (milliseconds: Int64, counter: UInt16)) -> (Int64, UInt16) {
        stamp.counter == .max ? (stamp.milliseconds + 1, 0) : (stamp.milliseconds, stamp.counter + 1)
    }
}
