import Crypto
import Foundation

/// A 256-bit number that entity hashes are added to and subtracted from (mod 2^256).
///
/// A sum does not depend on the order its terms arrive in, so two databases holding the same entities have
/// the same sum however their histories interleaved, and one changed entity costs one subtraction and one
/// addition instead of hashing the whole database again.
struct DigestSum: Sendable, Equatable {
    private(set) var limbs: [UInt64] = [0, 0, 0, 0]

    static let zero = DigestSum()

    init() {}

    /// Reads the 32 bytes the database stores (least significant limb first, each little-endian).
    init(bytes: Data) {
        guard bytes.count == 32 else { return }
        limbs = (0..<4).map { limb in
            (0..<8).reduce(UInt64(0)) { value, byte in
                value | UInt64(bytes[bytes.startIndex + limb * 8 + byte]) << (8 * byte)
            }
        }
    }

    /// The hash of one entity's canonical bytes, as a term of the sum.
    init(hashing bytes: some DataProtocol) {
        self.init(bytes: Data(SHA256.hash(data: bytes)))
    }

    var bytes: Data {
        Data(limbs.flatMap { limb in (0..<8).map { UInt8(truncatingIfNeeded: limb >> (8 * $0)) } })
    }

    mutating func add(_ other: DigestSum) {
        var carry: UInt64 = 0
        for index in 0..<4 {
            let (partial, overflowA) = limbs[index].addingReportingOverflow(other.limbs[index])
            let (sum, overflowB) = partial.addingReportingOverflow(carry)
            limbs[index] = sum
            carry = (overflowA ? 1 : 0) + (overflowB ? 1 : 0)
        }
    }

    mutating func subtract(_ other: DigestSum) {
        var borrow: UInt64 = 0
        for index in 0..<4 {
            let (partial, overflowA) = limbs[index].subtractingReportingOverflow(other.limbs[index])
            let (difference, overflowB) = partial.subtractingReportingOverflow(borrow)
            limbs[index] = difference
            borrow = (overflowA ? 1 : 0) + (overflowB ? 1 : 0)
        }
    }
}
