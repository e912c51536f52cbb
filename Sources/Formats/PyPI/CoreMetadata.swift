import FormatKit

/// The core metadata of a distribution (`METADATA` in a wheel, `PKG-INFO` in an sdist, the
/// form fields twine sends): PEP 241 through PEP 643, in email-header format.
///
/// Fields are kept as written, in order, so nothing is lost for fields Granary does not model;
/// the typed accessors read the common ones. Field names compare case-insensitively.
public struct CoreMetadata: Sendable, Equatable {
    /// Every header field in order, repeated fields repeated. Folded values are unfolded.
    public let fields: [(name: String, value: String)]
    /// The message body after the blank line: the description since metadata 2.1.
    public let body: String?
    /// The distribution name as written (compare normalized).
    public let name: String
    public let version: String

    /// Throws `PyPIError(.invalidMetadata)` when `Name` or `Version` is missing or empty.
    public init(fields: [(name: String, value: String)], body: String?) throws {
        self.fields = fields
        self.body = body
        func required(_ field: String) throws -> String {
            let key = field.lowercased()
            guard let value = fields.first(where: { $0.name.lowercased() == key })?.value.trimmed, !value.isEmpty else {
                throw PyPIError(.invalidMetadata, "The core metadata has no \(field) field")
            }
            return value
        }
        name = try required("Name")
        version = try required("Version")
    }

    /// Parses a METADATA or PKG-INFO file. Throws `PyPIError(.invalidMetadata)` when there is
    /// no `Name` or `Version`.
    public static func parse(_ text: String) throws -> CoreMetadata {
        let parsed = CoreMetadataParser.parse(text)
        return try CoreMetadata(fields: parsed.fields, body: parsed.body)
    }

    /// Parses the bytes of a METADATA or PKG-INFO file (UTF-8; invalid bytes are replaced).
    public init(parsing bytes: [UInt8]) throws {
        self = try Self.parse(String(decoding: bytes, as: UTF8.self))
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.body == rhs.body && lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    /// The first value of a field.
    public func value(_ field: String) -> String? {
        let key = field.lowercased()
        return fields.first { $0.name.lowercased() == key }?.value
    }

    /// Every value of a repeatable field, in order.
    public func values(_ field: String) -> [String] {
        let key = field.lowercased()
        return fields.filter { $0.name.lowercased() == key }.map(\.value)
    }

    public var metadataVersion: String? { value("Metadata-Version") }
    public var summary: String? { meaningful(value("Summary")) }
    public var license: String? { meaningful(value("License")) }
    public var licenseExpression: String? { meaningful(value("License-Expression")) }
    public var homePage: String? { meaningful(value("Home-page")) }
    public var requiresPython: String? { meaningful(value("Requires-Python")) }
    public var requiresDist: [String] { values("Requires-Dist") }
    public var providesExtra: [String] { values("Provides-Extra") }
    public var classifiers: [String] { values("Classifier") }
    public var author: String? { meaningful(value("Author")) }
    public var authorEmail: String? { meaningful(value("Author-email")) }
    public var maintainer: String? { meaningful(value("Maintainer")) }
    public var maintainerEmail: String? { meaningful(value("Maintainer-email")) }
    public var descriptionContentType: String? { meaningful(value("Description-Content-Type")) }
    /// Fields marked dynamic in an sdist (PEP 643).
    public var dynamic: [String] { values("Dynamic") }

    /// `Project-URL: Label, URL` entries.
    public var projectURLs: [(label: String, url: String)] {
        values("Project-URL").map { entry in
            guard let comma = entry.firstIndex(of: ",") else { return ("", entry.trimmed) }
            return (String(entry[..<comma]).trimmed, String(entry[entry.index(after: comma)...]).trimmed)
        }
    }

    /// Keywords: comma-separated since metadata 1.x in practice, space-separated in older files.
    public var keywords: [String] {
        let joined = values("Keywords").joined(separator: ",")
        let separator: Character = joined.contains(",") ? "," : " "
        return joined.split(separator: separator).map { String($0).trimmed }.filter { !$0.isEmpty }
    }

    /// The long description: the body when there is one, else the `Description` field.
    public var description: String? { meaningful(body) ?? meaningful(value("Description")) }

    /// Old tools write `UNKNOWN` for fields they were not given.
    private func meaningful(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmed
        return trimmed.isEmpty || trimmed == "UNKNOWN" ? nil : text
    }
}
