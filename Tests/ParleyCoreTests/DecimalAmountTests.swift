import Testing

@testable import ParleyCore

@Suite struct DecimalAmountTests {
    @Test func sumsExactlyWhereDoublesDrift() throws {
        let tenth = try DecimalAmount(validating: "0.1", field: "cost")
        let sum = (0..<10).reduce(DecimalAmount.zero) { total, _ in total + tenth }
        #expect(sum.description == "1")
        #expect((0..<10).reduce(0.0) { total, _ in total + 0.1 } != 1.0)
        let small = try DecimalAmount(validating: "0.00000007", field: "cost")
        #expect((small + small + small).description == "0.00000021")
    }

    @Test(arguments: ["1e5", "", "-", ".5", "5.", "1,5", " 1", "0x10", "NaN", "1.2.3", "--1"])
    func nonPlainDecimalsAreRefused(text: String) {
        #expect(throws: ParleyError.self) { try DecimalAmount(validating: text, field: "cost") }
    }

    @Test func printsWhatItParsed() throws {
        for text in ["0", "12.5", "0.000123", "-3.25", "123456789012345678901234567890.12345678"] {
            #expect(try DecimalAmount(validating: text, field: "cost").description == text)
        }
    }
}
