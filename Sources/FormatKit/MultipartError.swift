/// Why a multipart/form-data upload body could not be read. The message is meant for the user
/// (twine prints the response reason), so it says what is wrong with the request.
public typealias MultipartError = FormatError<MultipartErrorKind>

/// The kinds of `MultipartError`.
public enum MultipartErrorKind: Sendable, Equatable {
    /// The Content-Type is not multipart or has no usable boundary.
    case notMultipart
    /// The body does not follow the multipart syntax.
    case malformed
    /// The body ends before the closing boundary.
    case truncated
    /// A form field or a part's headers exceed the limit.
    case tooLarge
}
