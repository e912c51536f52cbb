import FormatKit

/// A client error of the npm endpoint. npm prints the `error` member of a failed response's JSON
/// body (and falls back to `reason`), so `message` is written for the person at the terminal.
/// The kind lets the route choose the status; the parsers in this target only ever throw this type.
public typealias NpmError = FormatError<NpmErrorKind>

/// The kinds of `NpmError`.
public enum NpmErrorKind: Sendable, Equatable {
    /// A package name npm would not accept for a new package.
    case invalidName
    /// A version that is not semver 2.0.
    case invalidVersion
    /// A body that is not JSON, or JSON of the wrong shape.
    case invalidDocument
    /// A publish body whose attachments do not match its versions.
    case invalidAttachment
    /// Attachment data that is not base64.
    case invalidBase64
}

extension FormatError where K == NpmErrorKind {
    /// The JSON body npm shows for this error: `{"error":MESSAGE,"reason":MESSAGE}`.
    public var body: [UInt8] { NpmError.body(message: message) }

    /// `{"error":MESSAGE,"reason":MESSAGE}` as UTF-8: npm-registry-fetch prints `error`, older
    /// clients and some tools read `reason`, so both carry the same text.
    public static func body(message: String) -> [UInt8] {
        OrderedJSON.object(OrderedJSONObject([("error", .string(message)), ("reason", .string(message))])).serialized()
    }
}

extension FormatError where K == NpmErrorKind {
    /// Runs `body`, turning the errors of FormatKit's readers into npm's: JSON into
    /// `.invalidDocument`, SemVer into `.invalidVersion` and base64 into `.invalidBase64`, so
    /// the npm routes answer them in npm's shape with the same message.
    static func translating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as OrderedJSONError {
            throw NpmError(.invalidDocument, error.message)
        } catch let error as SemVerError {
            throw NpmError(.invalidVersion, error.message)
        } catch let error as Base64Error {
            throw NpmError(.invalidBase64, "Attachment data is not valid base64: \(error.message).")
        }
    }
}
