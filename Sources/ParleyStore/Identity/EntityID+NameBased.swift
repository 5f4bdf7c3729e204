import Crypto
import ParleyCore

extension EntityID {
    /// A UUID (version 8) hashed from `name`: the same name gives the same id on every machine, so things
    /// that are the same by their nature (one frontend chat, one imported message, one conflict copy) meet
    /// as one entity when their devices sync, with nothing to look up.
    public static func nameBased(_ name: String) -> EntityID {
        var bytes = Array(SHA256.hash(data: Array(name.utf8)).prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x80  // version 8: a name-based UUID of the application's own scheme
        bytes[8] = bytes[8] & 0x3F | 0x80
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(index) { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return EntityID(trusted: String(decoding: text, as: UTF8.self))
    }
}
