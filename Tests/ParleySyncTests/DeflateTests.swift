import Foundation
import ParleyCore
import Testing

@testable import ParleySync

@Suite struct DeflateTests {
    /// About a megabyte of JSON-like text, the kind of content segments hold.
    static let text: Data = {
        var text = ""
        var index = 0
        while text.utf8.count < 1 << 20 {
            text += "{\"id\":\(index),\"role\":\"user\",\"content\":\"message number \(index * 7919 % 10007)\"}\n"
            index += 1
        }
        return Data(text.utf8)
    }()

    @Test func aMegabyteOfTextRoundTripsAndShrinks() throws {
        let compressed = Deflate.compress(Self.text)
        #expect(compressed.count < Self.text.count / 4)
        #expect(compressed.first == 0x78)  // the zlib header of the default window
        #expect(try Deflate.decompress(compressed, maximumBytes: Self.text.count, path: nil) == Self.text)
    }

    @Test func emptyDataRoundTrips() throws {
        #expect(try Deflate.decompress(Deflate.compress(Data()), maximumBytes: 0, path: nil) == Data())
    }

    @Test func aBombIsRefusedAtTheLimit() throws {
        let zeros = Data(count: 10 << 20)
        let bomb = Deflate.compress(zeros)
        #expect(bomb.count < 20_000)
        let failure = ParleyErrorCapture.sync {
            _ = try Deflate.decompress(bomb, maximumBytes: zeros.count - 1, path: "parley/devices/x/1-2.seg")
        }
        #expect(failure?.path == "parley/devices/x/1-2.seg")
        #expect(failure?.reason.contains("more than the limit of \(zeros.count - 1) bytes") == true)
        #expect(try Deflate.decompress(bomb, maximumBytes: zeros.count, path: nil).count == zeros.count)
    }

    @Test func aTruncatedStreamIsRefused() {
        let compressed = Deflate.compress(Self.text)
        let failure = ParleyErrorCapture.sync {
            _ = try Deflate.decompress(compressed.prefix(compressed.count / 2), maximumBytes: 2 << 20, path: nil)
        }
        #expect(failure?.reason.contains("truncated") == true)
    }

    @Test func aStreamMissingOnlyItsChecksumIsRefused() {
        let compressed = Deflate.compress(Data("hello, hello, hello".utf8))
        let failure = ParleyErrorCapture.sync {
            _ = try Deflate.decompress(compressed.dropLast(2), maximumBytes: 100, path: nil)
        }
        #expect(failure?.reason.contains("truncated") == true)
    }

    @Test func aCorruptStreamIsRefused() {
        var compressed = Deflate.compress(Self.text)
        compressed[compressed.count / 2] ^= 0xff
        let failure = ParleyErrorCapture.sync {
            _ = try Deflate.decompress(compressed, maximumBytes: 2 << 20, path: nil)
        }
        #expect(failure?.reason.contains("corrupt") == true)
    }

    @Test func bytesAfterTheStreamAreRefused() {
        let compressed = Deflate.compress(Data("hello".utf8)) + Data("extra".utf8)
        let failure = ParleyErrorCapture.sync { _ = try Deflate.decompress(compressed, maximumBytes: 100, path: nil) }
        #expect(failure?.reason.contains("5 bytes after the end") == true)
    }
}
