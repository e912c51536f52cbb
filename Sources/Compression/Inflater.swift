import CZlib

/// A zlib inflate stream for raw deflate (zip method 8) and gzip (RFC 1952), fed in chunks.
///
/// Every call stops once `outputLimit` bytes would be exceeded, so a small upload can never make
/// a worker write gigabytes (zip bombs). The `z_stream` lives at a fixed heap address because
/// zlib keeps a pointer back to it; it is freed in `deinit`. Use one Inflater on one thread.
public final class Inflater {
    public enum Format: Sendable {
        /// Bare deflate data without header or trailer, as in zip entries.
        case rawDeflate
        /// A gzip member: header, deflate data, CRC-32 and length trailer (checked by zlib).
        case gzip
    }

    public let format: Format
    public let outputLimit: Int
    /// Bytes produced so far, over all members when a multi-member gzip is read.
    public private(set) var totalOut = 0
    /// True once the end of the compressed stream (the gzip trailer) has been read.
    public private(set) var isFinished = false

    private let stream: UnsafeMutablePointer<z_stream>

    public init(format: Format, outputLimit: Int = .max) throws {
        precondition(outputLimit >= 0, "outputLimit must not be negative")
        self.format = format
        self.outputLimit = outputLimit
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let windowBits: Int32 = format == .gzip ? 15 + 16 : -15
        let status = inflateInit2_(stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw status == Z_MEM_ERROR ? CompressionError.outOfMemory : CompressionError.internalError(detail: "inflateInit2 returned \(status)")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// One step: consumes what it can of `input` and writes into `output`. Returns how many bytes
    /// of each were used; both are 0 only when more input is needed (or the stream has finished).
    public func inflate(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) throws -> (consumed: Int, produced: Int) {
        guard !isFinished, let outBase = output.baseAddress, output.count > 0 else { return (0, 0) }
        // Allow one byte past the limit so that exceeding it is noticed without inflating more.
        let room = outputLimit - totalOut
        let outCount = min(output.count, room == .max ? room : room + 1, Int(UInt32.max))
        let inCount = min(input.count, Int(UInt32.max))
        stream.pointee.next_in = inCount > 0 ? UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self)) : nil
        stream.pointee.avail_in = uInt(inCount)
        stream.pointee.next_out = outBase.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(outCount)
        let status = CZlib.inflate(stream, Z_NO_FLUSH)
        let consumed = inCount - Int(stream.pointee.avail_in)
        let produced = outCount - Int(stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        totalOut += produced
        if totalOut > outputLimit { throw CompressionError.outputLimitExceeded(limit: outputLimit) }
        switch status {
        case Z_OK, Z_BUF_ERROR: break
        case Z_STREAM_END: isFinished = true
        case Z_DATA_ERROR: throw CompressionError.corrupt(detail: lastMessage ?? "invalid deflate data")
        case Z_NEED_DICT: throw CompressionError.corrupt(detail: "the stream needs a preset dictionary")
        case Z_MEM_ERROR: throw CompressionError.outOfMemory
        default: throw CompressionError.internalError(detail: "inflate returned \(status)")
        }
        return (consumed, produced)
    }

    /// Push style: inflates all of `input`, handing each piece of output to `sink`. Returns the
    /// number of input bytes consumed, less than `input.count` only if the stream ended inside it.
    @discardableResult
    public func inflate(_ input: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        var buffer = [UInt8](repeating: 0, count: 32 * 1024)
        var offset = 0
        while !isFinished {
            let rest = UnsafeRawBufferPointer(rebasing: input[offset...])
            let (consumed, produced) = try buffer.withUnsafeMutableBytes { try inflate(input: rest, output: $0) }
            offset += consumed
            if produced > 0 { try buffer.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[..<produced])) } }
            if consumed == 0 && produced == 0 { break }
        }
        return offset
    }

    /// Throws `.truncated` unless the whole compressed stream has been read.
    public func finish() throws {
        if !isFinished { throw CompressionError.truncated }
    }

    /// Starts a new stream of the same format, keeping `totalOut` (and so the limit) running:
    /// used for the next member of a multi-member gzip file.
    public func startNextMember() throws {
        let status = inflateReset(stream)
        guard status == Z_OK else { throw CompressionError.internalError(detail: "inflateReset returned \(status)") }
        isFinished = false
    }

    /// Inflates a whole in-memory stream; throws `.truncated` when it is incomplete.
    public static func inflate(_ bytes: [UInt8], format: Format, outputLimit: Int = .max) throws -> [UInt8] {
        let inflater = try Inflater(format: format, outputLimit: outputLimit)
        var out: [UInt8] = []
        try bytes.withUnsafeBytes { input in
            _ = try inflater.inflate(input) { out.append(contentsOf: $0) }
        }
        try inflater.finish()
        return out
    }

    private var lastMessage: String? {
        guard let message = stream.pointee.msg else { return nil }
        return String(cString: message)
    }
}
