import ParleyTestSupport

/// The words the corpus is written in: made-up English-looking words and Chinese two-character words.
///
/// Made-up words keep the benchmark free of any dictionary file while still giving FTS5 a realistic spread
/// of distinct terms; every word is equally likely, so no term is a stop word that matches every message.
public struct Vocabulary: Sendable {
    public let english: [String]
    public let chinese: [String]

    public init(englishCount: Int = 4_000, chineseCount: Int = 2_000, seed: UInt64 = 7) {
        var random = SeededGenerator(seed: seed)
        english = Self.unique(englishCount, using: &random) { random in
            (0..<Int.random(in: 2...3, using: &random)).map { _ in
                Self.onsets.randomElement(using: &random)! + Self.vowels.randomElement(using: &random)!
                    + Self.codas.randomElement(using: &random)!
            }.joined()
        }
        let characters = Array(Self.commonHanzi)
        chinese = Self.unique(chineseCount, using: &random) { random in
            String([characters.randomElement(using: &random)!, characters.randomElement(using: &random)!])
        }
    }

    private static func unique(
        _ count: Int, using random: inout SeededGenerator, _ make: (inout SeededGenerator) -> String
    ) -> [String] {
        var seen = Set<String>()
        var words: [String] = []
        while words.count < count {
            let word = make(&random)
            if seen.insert(word).inserted { words.append(word) }
        }
        return words
    }

    private static let onsets = [
        "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "cr", "dr",
        "fl", "gr", "pl", "pr", "st", "tr", "sh", "ch", "th",
    ]
    private static let vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io"]
    private static let codas = ["", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck"]
    private static let commonHanzi = """
        的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心\
        多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外\
        但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电\
        四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑\
        性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任\
        至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青\
        管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众\
        技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音\
        火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切急类装查随搜索数据模型
        """
}
