import FormatKit

/// A `Requires-Dist` value split the way PEP 508 writes it:
/// `name [extras] (specifier | @ url) ; marker`. Only the parts Granary records are separated;
/// nothing is validated beyond finding the name, so an odd requirement is kept, not rejected.
public struct Requirement: Sendable, Equatable {
    /// The distribution name as written.
    public let name: String
    public let extras: [String]
    /// The version specifier without parentheses (`>=2.0,<3`), or `@ URL` for a direct reference.
    public let specifier: String?
    /// The environment marker after `;` (`python_version < "3.11"`).
    public let marker: String?

    public init?(_ text: String) {
        var rest = Substring(text.trimmed)
        var marker: String?
        if let semicolon = rest.firstIndex(of: ";") {
            let after = String(rest[rest.index(after: semicolon)...]).trimmed
            marker = after.isEmpty ? nil : after
            rest = rest[..<semicolon]
        }
        let nameEnd = rest.firstIndex { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") } ?? rest.endIndex
        let name = String(rest[..<nameEnd])
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(\.isASCII) else { return nil }
        rest = rest[nameEnd...].drop { $0 == " " || $0 == "\t" }
        var extras: [String] = []
        if rest.first == "[", let close = rest.firstIndex(of: "]") {
            extras = rest[rest.index(after: rest.startIndex)..<close].split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
            rest = rest[rest.index(after: close)...]
        }
        var specifier = String(rest).trimmed
        if specifier.hasPrefix("("), specifier.hasSuffix(")") {
            specifier = String(specifier.dropFirst().dropLast()).trimmed
        }
        if specifier.hasPrefix("@") {
            specifier = "@ " + String(specifier.dropFirst()).trimmed
        }
        self.name = name
        self.extras = extras
        self.specifier = specifier.isEmpty ? nil : specifier
        self.marker = marker
    }

    /// What CodeArtifact's `versionRequirement` holds: the specifier, then `; marker` if any.
    public var versionRequirement: String? {
        switch (specifier, marker) {
        case (nil, nil): nil
        case (let specifier?, nil): specifier
        case (nil, let marker?): "; " + marker
        case (let specifier?, let marker?): specifier + "; " + marker
        }
    }
}
