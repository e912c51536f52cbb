/// Why a document is not JSON: `message` says where ("Invalid JSON at byte 12: expected ':'.").
/// A format turns it into its own error (npm: `NpmError(.invalidDocument, …)`).
public typealias OrderedJSONError = FormatError<OrderedJSONErrorKind>

/// The kinds of `OrderedJSONError`.
public enum OrderedJSONErrorKind: Sendable, Equatable {
    /// Not RFC 8259 JSON (syntax, invalid UTF-8, a bad escape).
    case invalid
    /// Nested deeper than `OrderedJSONParser.maximumDepth`.
    case tooDeep
}
