import EdgeKit
import FormatKit

/// A problem with what a Maven client sent: a POM or maven-metadata.xml that cannot be read or
/// names another artifact. The message is what mvn prints (the status line's reason phrase).
public typealias MavenError = FormatError<MavenErrorKind>

public enum MavenErrorKind: Sendable, Equatable {
    /// Not XML Granary reads (malformed, a DTD, over the limits).
    case invalidXML
    /// Well-formed, but not what the path says (another groupId, artifactId or version), or
    /// missing what the document must have.
    case mismatch
}

extension FormatError: ClientFault where K == MavenErrorKind {
    public var faultMessage: String { message }
}
