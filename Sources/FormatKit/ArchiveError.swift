import Compression

/// Why an archive (zip, tar.gz) could not be read. A format turns it into its own error naming
/// what the archive was (PyPI: "The wheel is not a valid zip archive: …").
public typealias ArchiveError = FormatError<ArchiveErrorKind>

/// The kinds of `ArchiveError`.
public enum ArchiveErrorKind: Sendable, Equatable {
    /// Truncated, damaged, or not an archive of the expected kind.
    case corrupt
    /// A member or structure is larger than the reader accepts.
    case tooLarge
    /// Valid but uses a feature Granary does not read (encryption, multi-disk, a method).
    case unsupported
}

extension FormatError where K == ArchiveErrorKind {
    /// The archive view of a decompression failure.
    static func from(_ error: CompressionError) -> ArchiveError {
        if case .outputLimitExceeded = error { return ArchiveError(.tooLarge, error.description) }
        return ArchiveError(.corrupt, error.description)
    }
}
