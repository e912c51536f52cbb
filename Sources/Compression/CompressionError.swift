/// Why a compressed stream could not be read. The messages are written for people: an upload
/// handler may pass them on to the client (twine prints them), so they say what was wrong with
/// the data, never which zlib call failed.
public enum CompressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not valid deflate or gzip data; `detail` is zlib's own explanation.
    case corrupt(detail: String)
    /// The input ended before the compressed stream did.
    case truncated
    /// Decompressing would produce more than `limit` bytes: a zip bomb or an oversized member.
    case outputLimitExceeded(limit: Int)
    /// zlib could not allocate its state.
    case outOfMemory
    /// zlib refused a call Granary made (a programming error, not bad input).
    case internalError(detail: String)

    public var description: String {
        switch self {
        case .corrupt(let detail): "the compressed data is corrupt (\(detail))"
        case .truncated: "the compressed data ends unexpectedly (the file is truncated)"
        case .outputLimitExceeded(let limit): "the data decompresses to more than \(limit) bytes"
        case .outOfMemory: "out of memory while decompressing"
        case .internalError(let detail): "decompression failed (\(detail))"
        }
    }
}
