import Foundation
import ParleyCore

/// What one device's segments occupy on a target: its `.seg` files, without `head.json` and `target.json`,
/// which do not grow with the history.
struct TargetFootprint {
    var files = 0
    var bytes = 0

    init(device: EntityID, target: String) throws {
        let folder = URL(fileURLWithPath: target).appendingPathComponent("parley/devices/\(device.rawValue)")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".seg") {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            files += 1
            bytes += (attributes[.size] as? Int) ?? 0
        }
    }
}
