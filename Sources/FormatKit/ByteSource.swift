#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random access to the bytes of an uploaded file. Archive readers take a ByteSource instead of
/// an array so that a 100 MB wheel already spooled to disk is read in small pieces (the zip
/// central directory at its end, one entry), never loaded whole.
public protocol ByteSource {
    var size: Int { get }
    /// Returns the bytes at `offset..<offset+count`, fewer only where the source ends.
    /// Throws when `offset` or `count` is negative.
    func read(offset: Int, count: Int) throws -> [UInt8]
}

/// Failure to read the underlying file or memory: a server-side problem, not the client's.
public struct ByteSourceError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An in-memory ByteSource, for tests and for small bodies already in memory.
public struct BytesByteSource: ByteSource, Sendable {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var size: Int { bytes.count }

    public func read(offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0 else { throw ByteSourceError("invalid read range \(offset)+\(count)") }
        guard offset < bytes.count else { return [] }
        return Array(bytes[offset..<min(bytes.count, offset + min(count, bytes.count))])
    }
}

/// A file on disk read with `pread`, so reads do not share a file position. The descriptor is
/// opened in `init` and closed in `deinit`; the size is taken once, at open.
public final class FileByteSource: ByteSource {
    public let path: String
    public let size: Int
    private let descriptor: Int32

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ByteSourceError("cannot open \(path): \(Self.errorText(errno))") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw ByteSourceError("cannot stat \(path): \(Self.errorText(code))")
        }
        descriptor = fd
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    public func read(offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0 else { throw ByteSourceError("invalid read range \(offset)+\(count)") }
        let wanted = max(0, min(count, size - offset))
        guard wanted > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: wanted)
        var filled = 0
        while filled < wanted {
            let result = out.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + filled, wanted - filled, off_t(offset + filled))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw ByteSourceError("cannot read \(path): \(Self.errorText(errno))")
            }
            if result == 0 { break }
            filled += result
        }
        if filled < wanted { out.removeLast(wanted - filled) }
        return out
    }

    private static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}

/// Reads a ByteSource front to back in chunks, stopping at `end`: the shape an `InflateReader`
/// pulls from.
final class SequentialByteReader {
    private let source: ByteSource
    private let end: Int
    private(set) var offset: Int

    init(_ source: ByteSource, offset: Int = 0, end: Int? = nil) {
        self.source = source
        self.offset = offset
        self.end = min(end ?? source.size, source.size)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, end - offset)
        guard count > 0 else { return 0 }
        let bytes = try source.read(offset: offset, count: count)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        offset += bytes.count
        return bytes.count
    }
}
