import Testing

@testable import ParleyStore

@Suite struct TextScannerTests {
    private func tokens(_ text: String, mode: TextScanner.Mode = .document) -> [String] {
        let scanner = TextScanner()
        var result: [String] = []
        _ = Array(text.utf8).withUnsafeBufferPointer { buffer in
            scanner.scan(buffer, mode: mode) { token, _, _, colocated in
                result.append((colocated ? "+" : "") + String(decoding: token, as: UTF8.self))
                return true
            }
        }
        return result
    }

    @Test func wordsAreFolded() {
        #expect(tokens("Hello, WORLD! Café") == ["hello", "world", "cafe"])
        #expect(tokens("ＡＰＩ ｋｅｙ") == ["api", "key"])
        #expect(tokens("Ærøskøbing Straße") == ["ærøskøbing", "straße"])
    }

    @Test func identifiersSplitAtPunctuationAndCamelCase() {
        #expect(tokens("parse_json") == ["parse", "json"])
        #expect(tokens("URLSession") == ["urlsession", "+url", "+session"])
        #expect(tokens("URLSession", mode: .query) == ["urlsession"])
        #expect(tokens("base64Encode") == ["base64encode", "+base64", "+encode"])
        #expect(tokens("lowercase") == ["lowercase"])
    }

    @Test func ideographsBecomeBigramsWithTheLastCharacterColocated() {
        #expect(tokens("全文搜索") == ["全文", "文搜", "搜索", "+索"])
        #expect(tokens("全文搜索", mode: .query) == ["全文", "文搜", "搜索"])
        #expect(tokens("字") == ["字"])
        #expect(tokens("用Swift写") == ["用", "swift", "写"])
        #expect(tokens("データ、ベース") == ["デー", "ータ", "+タ", "ベー", "ース", "+ス"])
    }

    @Test func offsetsPointAtTheOriginalBytes() {
        let text = "Café 搜索"
        var ranges: [Range<Int>] = []
        _ = Array(text.utf8).withUnsafeBufferPointer { buffer in
            TextScanner().scan(buffer, mode: .query) { _, start, end, _ in
                ranges.append(start..<end)
                return true
            }
        }
        let bytes = Array(text.utf8)
        #expect(ranges.map { String(decoding: bytes[$0], as: UTF8.self) } == ["Café", "搜索"])
    }

    @Test func invalidUTF8AndHugeBlobsAreHarmless() {
        let scanner = TextScanner()
        var count = 0
        let garbage: [UInt8] = [0xFF, 0x61, 0xC3, 0x28, 0xE2, 0x82, 0x62, 0xF0, 0x90]
        _ = garbage.withUnsafeBufferPointer { buffer in
            scanner.scan(buffer, mode: .document) { _, _, _, _ in
                count += 1
                return true
            }
        }
        #expect(count == 2)
        #expect(tokens(String(repeating: "x", count: 500) + " word") == ["word"])
    }
}
