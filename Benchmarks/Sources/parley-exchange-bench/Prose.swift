import Foundation

/// Message text with the texture of a chat: a skewed vocabulary (a few words are most of the text, as in
/// real prose, so the search index sees realistic postings), sentences, paragraphs, now and then a list or a
/// fenced code block, and a few accented, typographic and CJK words so the text is not pure ASCII.
struct Prose {
    private let words: [String]
    private static let syllables = [
        "an", "ba", "co", "de", "el", "fi", "go", "ha", "in", "jo", "ka", "li", "mo", "ne", "or", "pa", "qu", "re",
        "sa", "ti", "un", "ve", "wa", "xe", "yo", "za", "ther", "ing", "tion", "str", "pro", "con", "ment", "able",
    ]
    private static let common = [
        "the", "a", "to", "of", "and", "is", "in", "that", "it", "for", "you", "with", "this", "on", "can", "be",
        "as", "are", "use", "your", "function", "data", "value", "model", "query", "file", "error", "type",
    ]
    private static let foreign = ["café", "naïve", "résumé", "—", "über", "数据库", "日本語", "façade", "São", "€"]

    init(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var words = Self.common
        while words.count < 4_000 {
            let count = random.int(in: 1...4)
            words.append((0..<count).map { _ in Self.syllables[random.int(in: 0...Self.syllables.count - 1)] }.joined())
        }
        self.words = words
    }

    /// About `length` characters (never fewer than one word).
    func text(length: Int, using random: inout SeededRandom) -> String {
        var text = ""
        text.reserveCapacity(length + 16)
        var sentence = 0
        while text.utf8.count < length {
            if random.chance(3), length > 400 {
                text += "```swift\nlet \(word(&random)) = try \(word(&random))(\(word(&random)): 42)\n```\n\n"
            } else if random.chance(4) {
                for _ in 0..<random.int(in: 2...4) { text += "- \(word(&random)) \(word(&random))\n" }
                text += "\n"
            }
            text += sentenceText(&random)
            sentence += 1
            text += sentence % 4 == 0 ? "\n\n" : " "
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func sentenceText(_ random: inout SeededRandom) -> String {
        var sentence = word(&random).capitalized
        for _ in 0..<random.int(in: 5...18) {
            sentence += " "
            sentence += random.chance(1) ? Self.foreign[random.int(in: 0...Self.foreign.count - 1)] : word(&random)
        }
        return sentence + (random.chance(15) ? "?" : ".")
    }

    /// Cubing a uniform draw skews it toward the front of the list: the common words.
    private func word(_ random: inout SeededRandom) -> String {
        let uniform = Double(random.next() >> 11) / Double(1 << 53)
        return words[min(words.count - 1, Int(uniform * uniform * uniform * Double(words.count)))]
    }
}
