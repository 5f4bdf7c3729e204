import Synchronization
import Testing

@testable import ParleyCore

/// A wall clock the test moves by hand.
final class ManualWallClock: Sendable {
    let now = Mutex<Int64>(1_700_000_000_000)

    var function: HybridLogicalClock.WallClock { { [self] in now.withLock { $0 } } }

    func set(_ value: Int64) { now.withLock { $0 = value } }
}

@Suite struct HybridLogicalClockTests {
    let device = EntityID.generate()

    @Test func stampsStrictlyIncreaseEvenWithinOneMillisecond() {
        let wall = ManualWallClock()
        let clock = HybridLogicalClock(deviceID: device, wallClock: wall.function)
        let stamps = (0..<100).map { _ in clock.now() }
        #expect(zip(stamps, stamps.dropFirst()).allSatisfy { $0 < $1 })
        #expect(stamps.first?.milliseconds == 1_700_000_000_000)
        #expect(stamps.last?.counter == 99)
    }

    @Test func survivesAWallClockThatGoesBackwards() {
        let wall = ManualWallClock()
        let clock = HybridLogicalClock(deviceID: device, wallClock: wall.function)
        let before = clock.now()
        wall.set(1_600_000_000_000)
        let after = clock.now()
        #expect(before < after)
        #expect(after.milliseconds == before.milliseconds)
        wall.set(1_800_000_000_000)
        let later = clock.now()
        #expect(later.milliseconds == 1_800_000_000_000)
        #expect(later.counter == 0)
    }

    @Test func counterOverflowMovesToTheNextMillisecond() {
        let wall = ManualWallClock()
        let start = HybridTimestamp(milliseconds: 1_700_000_000_000, counter: .max, deviceID: device)
        let clock = HybridLogicalClock(deviceID: device, after: start, wallClock: wall.function)
        let next = clock.now()
        #expect(next.milliseconds == 1_700_000_000_001)
        #expect(next.counter == 0)
        #expect(start < next)
    }

    @Test func restartedClockContinuesAfterTheNewestStoredStamp() {
        let wall = ManualWallClock()
        let stored = HybridTimestamp(milliseconds: 1_900_000_000_000, counter: 7, deviceID: device)
        let clock = HybridLogicalClock(deviceID: device, after: stored, wallClock: wall.function)
        #expect(clock.now() > stored)
    }

    @Test func receivingARemoteStampOrdersLaterLocalStampsAfterIt() throws {
        let wall = ManualWallClock()
        let clock = HybridLogicalClock(deviceID: device, wallClock: wall.function)
        let remote = HybridTimestamp(milliseconds: 1_700_000_050_000, counter: 3, deviceID: EntityID.generate())
        try clock.receive(remote)
        #expect(clock.now() > remote)
    }

    @Test func aStampFarInTheFutureIsRefused() {
        let wall = ManualWallClock()
        let clock = HybridLogicalClock(deviceID: device, maximumSkewMilliseconds: 1_000, wallClock: wall.function)
        let remote = HybridTimestamp(milliseconds: 1_700_000_002_000, counter: 0, deviceID: EntityID.generate())
        #expect(throws: ParleyError.self) { try clock.receive(remote) }
        #expect(clock.now().milliseconds == 1_700_000_000_000)
    }

    @Test func textFormSortsLikeTheStampsAndRoundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        let devices = (0..<3).map { _ in EntityID.generate() }
        let stamps = (0..<500).map { _ in
            HybridTimestamp(
                milliseconds: Int64.random(in: 0...HybridTimestamp.maximumMilliseconds, using: &generator),
                counter: UInt16.random(in: 0...UInt16.max, using: &generator),
                deviceID: devices.randomElement(using: &generator)!)
        }
        #expect(stamps.sorted().map(\.description) == stamps.map(\.description).sorted())
        for stamp in stamps {
            #expect(try HybridTimestamp(validating: stamp.description, field: "hlc") == stamp)
        }
    }

    @Test(arguments: [
        "", "xyz", "018f3a2b1c4d0000+0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c",
        "018F3A2B1C4D0000-0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c",
    ])
    func malformedStampsAreRefused(text: String) {
        #expect(throws: ParleyError.self) { try HybridTimestamp(validating: text, field: "hlc") }
    }

    @Test func concurrentCallersNeverGetTheSameStamp() async {
        let clock = HybridLogicalClock(deviceID: device)
        let stamps = await withTaskGroup(of: [HybridTimestamp].self) { group in
            for _ in 0..<8 { group.addTask { (0..<500).map { _ in clock.now() } } }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(Set(stamps).count == 4_000)
    }
}
