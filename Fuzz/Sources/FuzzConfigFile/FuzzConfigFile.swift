import Foundation
import FuzzSupport
import ParleyCore
import ParleyDeepSeek

@testable import ParleyDaemon

/// The daemon's config file (`config.json`), which the user edits by hand, and the price table inside it.
///
/// Each input is the file's bytes: parsed in memory by `DaemonConfigFile.parse`, then loaded from disk through
/// `DaemonConfigFile.load` (which adds the permission check on a file holding a key), then turned into the API
/// configuration and sync interval the daemon starts with. A table that parsed prices a few usages, as the
/// daemon does for every call the provider does not price, since that arithmetic is where odd amounts meet.

/// Where `load` reads the input from: one file rewritten for each input, `0600` like a real config.
private let folder = ScratchFolder(prefix: "parley-fuzz-config-")
private let configPath = folder.file("config.json")

/// Usages the daemon could meet: none at all, a typical call, one with every count split, and counts near the
/// largest a provider could report.
private let usages: [ChatUsage] = [
    ChatUsage(promptTokens: 0, completionTokens: 0, totalTokens: 0),
    ChatUsage(promptTokens: 1_200, completionTokens: 340, totalTokens: 1_540),
    ChatUsage(
        promptTokens: 5_000, completionTokens: 2_000, totalTokens: 7_000, promptCacheHitTokens: 4_096,
        promptCacheMissTokens: 904, reasoningTokens: 1_500),
    ChatUsage(promptTokens: Int(Int32.max), completionTokens: Int(Int32.max), totalTokens: Int(UInt32.max)),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = inputData(start, count)
    let parsed: DaemonConfigFile?
    do {
        parsed = try DaemonConfigFile.parse(data, path: configPath)
    } catch {
        parsed = nil
        _ = "\(error)"
    }
    // `FileManager.contents(atPath:)` leaks 4 KiB on every empty file (swift-foundation's readBytesFromFile, not
    // Parley), which LeakSanitizer would report again and again; `parse` alone still sees the empty input.
    guard !data.isEmpty else { return 0 }
    overwrite(configPath, with: data)
    let loaded: DaemonConfigFile?
    do {
        loaded = try DaemonConfigFile.load(path: configPath)
    } catch {
        loaded = nil
        _ = "\(error)"
    }
    // A private file holding what `parse` accepts must load, and `load` must refuse nothing `parse` accepted.
    if (parsed == nil) != (loaded == nil) {
        finding("parse and load disagree: parse \(parsed == nil ? "refused" : "accepted") the file")
    }
    guard let file = loaded else { return 0 }
    let configuration = file.deepSeekConfiguration(environment: [:])
    _ = configuration.description
    _ = try? file.syncInterval(environment: [:])
    if let prices = file.prices {
        for (model, modelPrices) in prices.models {
            if modelPrices.cacheHitInput < .zero || modelPrices.cacheMissInput < .zero || modelPrices.output < .zero {
                finding("a negative price was accepted for \(model)")
            }
            for usage in usages {
                guard let cost = prices.cost(of: usage, model: model) else {
                    finding("the table has no prices for its own model \(model)")
                }
                // A cost is stored as its description and read back exactly (DecimalAmount(validating:)).
                let text = cost.description
                do {
                    _ = try DecimalAmount(validating: text, field: "cost")
                } catch {
                    finding("the cost \(text) of \(model) does not read back as a decimal: \(error)")
                }
            }
        }
    }
    return 0
}
