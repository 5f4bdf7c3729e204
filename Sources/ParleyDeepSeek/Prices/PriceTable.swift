import Foundation
import ParleyCore

/// What the API charges per million tokens, per model: the cost of a call when the provider does not report
/// one. Every usage record names the table its cost came from, so a cost can be traced and recomputed.
public struct PriceTable: Sendable, Equatable {
    /// Prices of one model in USD per million tokens.
    public struct ModelPrices: Sendable, Equatable {
        public var cacheHitInput: DecimalAmount
        public var cacheMissInput: DecimalAmount
        public var output: DecimalAmount

        public init(cacheHitInput: DecimalAmount, cacheMissInput: DecimalAmount, output: DecimalAmount) {
            self.cacheHitInput = cacheHitInput
            self.cacheMissInput = cacheMissInput
            self.output = output
        }
    }

    /// The name stored on each usage record whose cost this table computed.
    public var name: String
    /// Where the prices come from and when they were read.
    public var source: String
    public var models: [String: ModelPrices]

    public init(name: String, source: String, models: [String: ModelPrices]) {
        self.name = name
        self.source = source
        self.models = models
    }

    /// DeepSeek's published prices for `deepseek-v4-flash`: $0.0028 per million input tokens on a cache hit,
    /// $0.14 on a miss, $0.28 per million output tokens (reasoning tokens are output tokens).
    public static let deepSeekDefault = PriceTable(
        name: "deepseek-2026-07-04",
        source: "DeepSeek Models & Pricing, https://api-docs.deepseek.com/quick_start/pricing, read 2026-07-04",
        models: [
            "deepseek-v4-flash": ModelPrices(
                cacheHitInput: exact(28, exponent: -4), cacheMissInput: exact(14, exponent: -2),
                output: exact(28, exponent: -2))
        ])

    /// `significand × 10^exponent`, built without a binary float in between.
    private static func exact(_ significand: UInt64, exponent: Int) -> DecimalAmount {
        DecimalAmount(trusted: Decimal(sign: .plus, exponent: exponent, significand: Decimal(significand)))
    }

    /// The cost of `usage` on `model`, or nil when the table has no prices for it. Prompt tokens the API did
    /// not split into hits and misses are charged as misses, the higher price, so a cost is never understated.
    public func cost(of usage: ChatUsage, model: String) -> DecimalAmount? {
        guard let prices = models[model] else { return nil }
        let hits = min(usage.promptCacheHitTokens ?? 0, usage.promptTokens)
        let misses = usage.promptCacheMissTokens ?? (usage.promptTokens - hits)
        return prices.cacheHitInput.cost(ofTokens: hits) + prices.cacheMissInput.cost(ofTokens: misses)
            + prices.output.cost(ofTokens: usage.completionTokens)
    }
}
