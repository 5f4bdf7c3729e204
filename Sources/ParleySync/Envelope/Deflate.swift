import CParleyZlib
import Foundation
import ParleyCore

/// zlib compression of sync files: segments are JSON, which shrinks several times over.
///
/// Decompression is bounded, because the compressed bytes come from a target anyone with access to the share
/// can write to: a few kilobytes can inflate to gigabytes (a zip bomb).
enum Deflate {
    /// The bytes in the zlib format (RFC 1950) at level 6, zlib's balance of speed and size.
    static func compress(_ data: Data) -> Data {
        var stream = z_stream()
        guard parley_deflate_init(&stream, 6) == Z_OK else {
            preconditionFailure("zlib cannot start deflating: out of memory")
        }
        defer { deflateEnd(&stream) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        let result = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        // deflateBound leaves room for the whole stream, so one call always finishes it.
        precondition(result == Z_STREAM_END, "zlib did not finish within deflateBound: \(result)")
        return Data(output[..<Int(stream.total_out)])
    }

    /// The original bytes, refusing a corrupt or truncated stream, trailing bytes, and output beyond
    /// `maximumBytes`; `path` names the file in the error.
    static func decompress(_ data: Data, maximumBytes: Int, path: String?) throws(ParleyError) -> Data {
        precondition(maximumBytes >= 0, "a negative limit")
        var stream = z_stream()
        guard parley_inflate_init(&stream) == Z_OK else {
            throw .sync(path: path, reason: "zlib cannot start inflating: out of memory")
        }
        defer { inflateEnd(&stream) }
        var input = [UInt8](data)
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var result = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while result == Z_OK {
                // One byte past the limit is enough to know the limit was passed; never inflate further.
                let remaining = maximumBytes - output.count
                let room = remaining < chunk.count ? remaining + 1 : chunk.count
                let produced = chunk.withUnsafeMutableBufferPointer { target -> Int in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(room)
                    result = inflate(&stream, Z_NO_FLUSH)
                    return room - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[..<produced])
                if output.count > maximumBytes || (result == Z_BUF_ERROR && stream.avail_in == 0) { return }
            }
        }
        guard output.count <= maximumBytes else {
            throw .sync(
                path: path,
                reason: "decompresses to more than the limit of \(maximumBytes) bytes; refusing it as a "
                    + "decompression bomb or a file from a misconfigured device")
        }
        switch result {
        case Z_STREAM_END:
            guard stream.avail_in == 0 else {
                throw .sync(
                    path: path, reason: "has \(stream.avail_in) bytes after the end of its compressed data; corrupt")
            }
            return output
        case Z_BUF_ERROR:
            throw .sync(path: path, reason: "its compressed data ends early: the file is truncated")
        default:
            let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(result)"
            throw .sync(path: path, reason: "its compressed data is corrupt (\(message))")
        }
    }
}
