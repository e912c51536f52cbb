import FormatKit

/// A published tarball must be what npm will unpack: a complete gzip stream holding a tar
/// archive. Checked on the staged file, before it is stored, by walking it once with FormatKit's
/// `TarReader` (bounded memory, every header's checksum, the gzip stream to its end); a truncated
/// or foreign attachment is refused with a message npm prints.
enum NpmTarballCheck {
    /// A gzip stream that inflates past this is refused, not walked to its end.
    static let maxUnpackedBytes = 4 << 30

    static func check(path: String) throws {
        let source: FileByteSource
        do {
            source = try FileByteSource(path: path)
        } catch {
            throw NpmError(.invalidAttachment, "The tarball could not be read back.")
        }
        do {
            try TarReader(maxTotalBytes: maxUnpackedBytes).verify(source)
        } catch let error as ArchiveError {
            throw NpmError(.invalidAttachment, "The attachment is not a complete gzip-compressed tar archive, so npm cannot install it (\(error.message)).")
        } catch is ByteSourceError {
            throw NpmError(.invalidAttachment, "The tarball could not be read back.")
        }
    }
}
