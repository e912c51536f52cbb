/// A request body, read as a stream. The FastCGI server supplies the real one.
public protocol RequestBody: AnyObject {
    /// The declared length, nil for a chunked body.
    var declaredLength: Int? { get }
    /// Reads up to `buffer.count` bytes; 0 means the body has ended.
    /// Throws `BodyError.truncated` when the client stopped before the declared length.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

public enum BodyError: Error, Equatable {
    case truncated(received: Int, declared: Int)
    case tooLarge(limit: Int)
}

extension RequestBody {
    /// Reads the whole body into memory, refusing more than `limit` bytes.
    public func readAll(limit: Int) throws -> [UInt8] {
        if let declared = declaredLength, declared > limit { throw BodyError.tooLarge(limit: limit) }
        var out = [UInt8]()
        // One allocation of the declared size: a large body (an npm publish) is never copied
        // while the array grows.
        if let declared = declaredLength { out.reserveCapacity(declared) }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if count == 0 { return out }
            if out.count + count > limit { throw BodyError.tooLarge(limit: limit) }
            out.append(contentsOf: chunk.prefix(count))
        }
    }
}

/// A body held in memory (tests, and requests without a body).
public final class BytesBody: RequestBody {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8] = []) { self.bytes = bytes }

    public var declaredLength: Int? { bytes.count }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
        }
        offset += count
        return count
    }
}

extension BodyError: ResponseError {
    public func response(requestID: String) -> Response {
        switch self {
        case .truncated(let received, let declared):
            HTTPError(.badRequest, "The request body ended after \(received) of \(declared) bytes.").response(requestID: requestID)
        case .tooLarge(let limit):
            HTTPError(.payloadTooLarge, "The request body is larger than \(limit) bytes.").response(requestID: requestID)
        }
    }
}
