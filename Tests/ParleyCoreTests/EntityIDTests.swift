import Foundation
import Testing

@testable import ParleyCore

@Suite struct EntityIDTests {
    @Test func generatedIDsAreCanonicalLowercaseAndUnique() {
        let ids = (0..<1_000).map { _ in EntityID.generate() }
        #expect(Set(ids).count == 1_000)
        for id in ids {
            #expect(id.rawValue.count == 36)
            #expect(id.rawValue == id.rawValue.lowercased())
            #expect(EntityID(rawValue: id.rawValue) == id)
            // Version 7 (time-ordered), RFC 9562 variant.
            #expect(Array(id.rawValue)[14] == "7")
            #expect("89ab".contains(Array(id.rawValue)[19]))
        }
    }

    @Test func generatedIDsStartWithTheirMillisecondAndSortByIt() throws {
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        let first = EntityID.generate()
        Thread.sleep(forTimeInterval: 0.003)
        let second = EntityID.generate()
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        let hex = first.rawValue.replacingOccurrences(of: "-", with: "").prefix(12)
        let milliseconds = try #require(UInt64(hex, radix: 16))
        #expect(milliseconds >= before && milliseconds <= after)
        #expect(first < second)
    }

    @Test func uppercaseInputIsKeptInLowercase() throws {
        let id = try EntityID(validating: "0B5F7C2E-4A8D-4E8A-9D7B-2F1C3E4A5B6C", field: "id")
        #expect(id.rawValue == "0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c")
    }

    @Test(arguments: [
        "", "not-a-uuid", "0b5f7c2e4a8d4e8a9d7b2f1c3e4a5b6c", "0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6",
        "0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6cc", "0b5f7c2e-4a8d-4e8a-9d7b_2f1c3e4a5b6c",
        "zb5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c",
    ])
    func malformedIDsAreRefusedNamingTheField(text: String) {
        #expect(throws: ParleyError.self) { try EntityID(validating: text, field: "parent_id") }
        do {
            _ = try EntityID(validating: text, field: "parent_id")
        } catch {
            guard case let .invalidValue(field, value, rule) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(field == "parent_id")
            #expect(value == text)
            #expect(rule.contains("UUID"))
        }
    }

    @Test func decodingValidatesAndNamesThePath() throws {
        struct Holder: Decodable {
            var conversationID: EntityID
            enum CodingKeys: String, CodingKey { case conversationID = "conversation_id" }
        }
        #expect(
            throws: ParleyError.invalidValue(
                field: "conversation_id", value: "nope",
                rule: "must be a UUID such as 0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c")
        ) {
            _ = try JSONCoding.decode(Holder.self, from: #"{"conversation_id":"nope"}"#)
        }
    }
}
