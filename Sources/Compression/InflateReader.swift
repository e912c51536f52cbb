/// Pull style decompression: reads compressed bytes from a closure as needed and hands out
/// decompressed bytes, so a reader (a tar parser, a zip entry check) can walk a large archive
/// with a fixed amount of memory.
///
/// Multi-member gzip files (concatenated `gzip` output) are read as one stream, as `gunzip`
/// does; bytes after the last member that do not start another member are ignored.
public final class InflateReader {
    private let inflater: Inflater
    private let source: (UnsafeMutableRawBufferPointer) throws -> Int
    private var input: [UInt8]
    private var start = 0
    private var end = 0
    private var sourceEnded = false
    private var ended = false

    /// `read` fills the buffer it is given and returns the number of bytes written, 0 at the end.
    public init(
        format: Inflater.Format, outputLimit: Int = .max, inputBufferSize: Int = 64 * 1024,
        read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int
    ) throws {
        inflater = try Inflater(format: format, outputLimit: outputLimit)
        source = read
        input = [UInt8](repeating: 0, count: max(inputBufferSize, 16))
    }

    /// Decompressed bytes produced so far.
    public var totalOut: Int { inflater.totalOut }

    /// Fills `buffer` with decompressed bytes and returns how many; 0 means the stream has ended.
    /// Throws `CompressionError.truncated` when the source ends inside the stream.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while !ended {
            if inflater.isFinished {
                try startNextMemberIfAny()
                continue
            }
            if start == end { try refill() }
            // Called even without input: zlib may still hold output from input already consumed.
            let (consumed, produced) = try input.withUnsafeBytes { all in
                try inflater.inflate(input: UnsafeRawBufferPointer(rebasing: all[start..<end]), output: buffer)
            }
            start += consumed
            if produced > 0 { return produced }
            if consumed == 0 && start == end && sourceEnded && !inflater.isFinished { throw CompressionError.truncated }
        }
        return 0
    }

    /// Reads the rest of the stream into memory (bounded by the output limit).
    public func readAll() throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 32 * 1024)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if count == 0 { return out }
            out.append(contentsOf: chunk[..<count])
        }
    }

    /// Moves unread input to the front of the buffer and reads more behind it.
    private func refill() throws {
        guard !sourceEnded else { return }
        if start > 0 {
            input.withUnsafeMutableBytes { all in
                all.baseAddress!.copyMemory(from: all.baseAddress! + start, byteCount: end - start)
            }
            end -= start
            start = 0
        }
        guard end < input.count else { return }
        let count = try input.withUnsafeMutableBytes { try source(UnsafeMutableRawBufferPointer(rebasing: $0[end...])) }
        if count <= 0 { sourceEnded = true } else { end += count }
    }

    private func startNextMemberIfAny() throws {
        guard inflater.format == .gzip else { ended = true; return }
        if start == end { try refill() }
        // A second member starts with two magic bytes; make sure both are in the buffer.
        if end - start == 1 { try refill() }
        guard end - start >= 2, input[start] == 0x1F, input[start + 1] == 0x8B else { ended = true; return }
        try inflater.startNextMember()
    }
}
