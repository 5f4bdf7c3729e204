/// Rewrites text so that SQLite's C `unicode61` tokenizer yields the postings Parley's `parley` tokenizer
/// yields for it: every run of Chinese characters becomes its overlapping two-character words plus its last
/// character (`全文搜索` → `全文 文搜 搜索 索`), separated by spaces.
///
/// With it the raw baseline builds an index of the same size and content as Parley's, so a comparison measures
/// the store rather than the difference between an index that finds Chinese words and one that cannot. The
/// rewriting happens before the timed work, so the baseline still pays nothing for tokenizing in Swift.
public enum BigramSplitter {
    public static func split(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count * 2)
        var run: [Character] = []
        func flush() {
            guard let last = run.last else { return }
            if run.count > 1 {
                for index in 0..<(run.count - 1) {
                    output.append(" ")
                    output.append(run[index])
                    output.append(run[index + 1])
                }
            }
            output.append(" ")
            output.append(last)
            output.append(" ")
            run.removeAll(keepingCapacity: true)
        }
        for character in text {
            if let scalar = character.unicodeScalars.first, (0x4E00...0x9FFF).contains(scalar.value) {
                run.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }
}
