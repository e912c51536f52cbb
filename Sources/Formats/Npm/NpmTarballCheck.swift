#if canImport(Glibc)
import Glibc
#endif
import Compression

/// A published tarball must be what npm will unpack: a complete gzip stream holding a tar
/// archive. Checked on the staged file, before it is stored, by inflating it once with bounded
/// memory; a truncated or foreign attachment is refused with a message npm prints.
enum NpmTarballCheck {
    static func check(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw NpmError(.invalidAttachment, "The tarball could not be read back.") }
        defer { close(fd) }
        do {
            let reader = try InflateReader(format: .gzip) { buffer in
                while true {
                    let count = read(fd, buffer.baseAddress, buffer.count)
                    if count < 0 && errno == EINTR { continue }
                    guard count >= 0 else { throw NpmError(.invalidAttachment, "The tarball could not be read back.") }
                    return count
                }
            }
            var header = [UInt8](repeating: 0, count: 512)
            var filled = 0
            var sink = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = try sink.withUnsafeMutableBytes { try reader.read(into: $0) }
                if count == 0 { break }
                if filled < 512 {
                    let take = min(512 - filled, count)
                    header.replaceSubrange(filled..<(filled + take), with: sink[0..<take])
                    filled += take
                }
            }
            guard filled == 512, header[257..<262].elementsEqual("ustar".utf8) else {
                throw NpmError(.invalidAttachment, "The attachment is gzip but not a tar archive: npm cannot install it.")
            }
        } catch let error as CompressionError {
            throw NpmError(.invalidAttachment, "The attachment is not a complete gzip-compressed tarball (\(error)).")
        }
    }
}
