/// Why a multipart/form-data upload body could not be read. The message is meant for the user
/// (twine prints the response reason), so it says what is wrong with the request.
public struct MultipartError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The Content-Type is not multipart or has no usable boundary.
        case notMultipart
        /// The body does not follow the multipart syntax.
        case malformed
        /// The body ends before the closing boundary.
        case truncated
        /// A form field or a part's headers exceed the limit.
        case tooLarge
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
