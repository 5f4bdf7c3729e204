import Foundation
import ParleyCore
import Testing

/// RFC 3339 times: formatting agrees with Foundation, and parsing accepts the forms the API documents.
@Suite struct RFC3339Tests {
    @Test(arguments: [Int64(0), 1_764_063_000_123, -86_400_001, 951_782_400_000, 4_102_444_799_999])
    func formatsAsFoundationDoes(milliseconds: Int64) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let expected = formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        #expect(RFC3339.string(fromMilliseconds: milliseconds) == expected)
        #expect(RFC3339.milliseconds(from: expected) == milliseconds)
    }

    @Test func parsesOffsetsFractionsAndBareDates() {
        #expect(RFC3339.milliseconds(from: "1970-01-01T01:00:00+01:00") == 0)
        #expect(RFC3339.milliseconds(from: "1970-01-01t00:00:01.5z") == 1500)
        #expect(RFC3339.milliseconds(from: "1970-01-02") == 86_400_000)
        #expect(RFC3339.milliseconds(from: "2024-02-29T00:00:00Z") != nil)
    }

    @Test(arguments: [
        "", "yesterday", "2023-02-29", "2026-13-01", "2026-11-25T25:00:00Z", "2026-11-25T10:00:00",
        "2026-11-25T10:00:00.Z", "2026-11-25T10:00:00Z trailing",
    ])
    func refusesWhatIsNotATime(text: String) {
        #expect(RFC3339.milliseconds(from: text) == nil)
    }
}
