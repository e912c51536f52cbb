/// The shapes CodeArtifact's model gives names and strings, checked before anything is stored.
public enum Names {
    /// `[a-z][a-z0-9\-]{0,48}[a-z0-9]`
    public static func isDomainName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (2...50).contains(bytes.count), let first = bytes.first, let last = bytes.last else { return false }
        let lowerOrDigit: (UInt8) -> Bool = { (97...122).contains($0) || (48...57).contains($0) }
        return (97...122).contains(first) && lowerOrDigit(last) && bytes.allSatisfy { lowerOrDigit($0) || $0 == 45 }
    }

    /// `[A-Za-z0-9][A-Za-z0-9._\-]{1,99}`
    public static func isRepositoryName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (2...100).contains(bytes.count), let first = bytes.first, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == 46 || $0 == 95 || $0 == 45 }
    }

    /// `[A-Za-z0-9][A-Za-z0-9._\-:]{1,99}`
    public static func isExternalConnectionName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (2...100).contains(bytes.count), let first = bytes.first, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == 46 || $0 == 95 || $0 == 45 || $0 == 58 }
    }

    /// `\P{C}*` within `range` characters: no control, format, private-use or unassigned characters.
    public static func isPrintable(_ text: String, length range: ClosedRange<Int>) -> Bool {
        range.contains(text.count) && text.unicodeScalars.allSatisfy { !isOtherCategory($0) }
    }

    /// `[^#/\s]+`, 1 to 255 characters (package names, namespaces and versions).
    public static func isPackageToken(_ text: String) -> Bool {
        (1...255).contains(text.count) && !text.unicodeScalars.contains { $0 == "#" || $0 == "/" || $0.properties.isWhitespace }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }

    static func isOtherCategory(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: true
        default: false
        }
    }
}

/// Checks that throw the model's ValidationException with a message naming the field.
public enum Validate {
    public static func domainName(_ name: String) throws -> String {
        guard Names.isDomainName(name) else {
            throw ServiceError.validation("Domain name \(quoted(name)) must be 2-50 lower-case letters, digits and hyphens, starting with a letter.")
        }
        return name
    }

    public static func repositoryName(_ name: String, field: String = "repository") throws -> String {
        guard Names.isRepositoryName(name) else {
            throw ServiceError.validation("Value \(quoted(name)) at '\(field)' must be 2-100 of [A-Za-z0-9._-], starting with a letter or digit.")
        }
        return name
    }

    public static func accountId(_ id: String, field: String = "domainOwner") throws -> String {
        guard Identifiers.isAccountId(id) else { throw ServiceError.validation("Value at '\(field)' must be a 12-digit account id.") }
        return id
    }

    public static func description(_ text: String?) throws -> String? {
        guard let text else { return nil }
        guard Names.isPrintable(text, length: 0...1000) else {
            throw ServiceError.validation("Description must be at most 1000 printable characters.")
        }
        return text
    }

    static func quoted(_ text: String) -> String { "'" + String(text.prefix(120)) + "'" }
}
