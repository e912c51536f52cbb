import FormatKit

/// A problem with a distribution a PyPI client sent: a bad file name, an archive that cannot be
/// read, metadata that is missing (multipart bodies have `MultipartError`). `message` is shown to the user as is
/// (twine prints the response reason), so it names the file part at fault and what is wrong.
///
/// Errors of the machinery itself (a read failing on the server's temp file) are not PyPIErrors:
/// they pass through unchanged so the edge can answer 500 instead of blaming the upload.
public typealias PyPIError = FormatError<PyPIErrorKind>

/// The kinds of `PyPIError`.
public enum PyPIErrorKind: Sendable, Equatable {
    /// The distribution file name does not follow the wheel or sdist naming rules.
    case invalidFileName
    /// The archive is truncated, corrupt, or lacks its core metadata file.
    case invalidArchive
    /// The core metadata file cannot be parsed.
    case invalidMetadata
    /// Something is larger than Granary accepts (a metadata file, an archive directory).
    case tooLarge
}
