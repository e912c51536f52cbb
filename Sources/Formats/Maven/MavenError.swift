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

/// The root element of a Maven XML document (a POM, a maven-metadata.xml), read with FormatKit's
/// bounded reader; anything it refuses, or another root element, is a MavenError naming `document`.
enum MavenXML {
    static func root(_ bytes: [UInt8], named name: String, document: String, limits: XMLLimits) throws(MavenError) -> XMLElement {
        let root: XMLElement
        do {
            root = try XMLReader.parse(bytes, limits: limits)
        } catch {
            throw MavenError(.invalidXML, "\(document) is not XML Granary reads: \(error.message)")
        }
        guard root.localName == name else { throw MavenError(.mismatch, "\(document)'s root element is <\(root.name)>, not <\(name)>.") }
        return root
    }
}
