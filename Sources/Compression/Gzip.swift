import CZlib

/// One-shot gzip (RFC 1952) of bytes already in memory: rendered listings, compressed once when
/// they are written and sent to every client that accepts gzip.
public enum Gzip {
    /// `level`: zlib's 1 (fastest) … 9 (smallest). A page is compressed once and read many times.
    public static func compress(_ bytes: [UInt8], level: Int32 = 9) throws -> [UInt8] {
        var stream = z_stream()
        let windowBits: Int32 = 15 + 16  // a gzip header and trailer around the deflate data
        var status = deflateInit2_(&stream, level, Z_DEFLATED, windowBits, 9, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw status == Z_MEM_ERROR ? CompressionError.outOfMemory : CompressionError.internalError(detail: "deflateInit2 returned \(status)")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))))
        var input = bytes
        let produced = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                status = deflate(&stream, Z_FINISH)
                return target.count - Int(stream.avail_out)
            }
        }
        // deflateBound leaves room for everything in one call.
        guard status == Z_STREAM_END else { throw CompressionError.internalError(detail: "deflate returned \(status)") }
        output.removeLast(output.count - produced)
        return output
    }
}
