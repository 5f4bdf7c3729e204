import Testing

@testable import ParleyExchange

@Suite struct ExportTimeTests {
    @Test func readsTheOffsetsAndFractionsExportsWrite() {
        #expect(ExportTime.milliseconds(iso: "2024-05-01T12:00:00Z") == 1_714_564_800_000)
        #expect(ExportTime.milliseconds(iso: "2024-05-01T20:00:00.123456+08:00") == 1_714_564_800_123)
        #expect(ExportTime.milliseconds(iso: "2024-05-01 12:00:00.5") == 1_714_564_800_500)
        #expect(ExportTime.milliseconds(iso: "2024-05-01T12:00:00+00:00") == 1_714_564_800_000)
        #expect(ExportTime.milliseconds(iso: "2024-05-01T07:30:00-0430") == 1_714_564_800_000)
        #expect(ExportTime.milliseconds(iso: "1969-12-31T23:59:59Z") == -1000)
    }

    @Test func refusesWhatIsNotATime() {
        #expect(ExportTime.milliseconds(iso: "yesterday") == nil)
        #expect(ExportTime.milliseconds(iso: "2024-13-01T00:00:00Z") == nil)
        #expect(ExportTime.milliseconds(iso: "2024-05-01T12:00:00Zjunk") == nil)
        #expect(ExportTime.milliseconds(iso: "2024-05-01T12:00:00.Z") == nil)
    }

    @Test func tellsSecondsFromMilliseconds() {
        #expect(ExportTime.milliseconds(.double(1_714_564_800.25)) == 1_714_564_800_250)
        #expect(ExportTime.milliseconds(.integer(1_714_564_800_250)) == 1_714_564_800_250)
        #expect(ExportTime.milliseconds(.integer(1_714_564_800)) == 1_714_564_800_000)
        #expect(ExportTime.milliseconds(.string("2024-05-01T12:00:00Z")) == 1_714_564_800_000)
        #expect(ExportTime.milliseconds(.null) == nil)
        #expect(ExportTime.milliseconds(.integer(-5)) == nil)
    }
}
