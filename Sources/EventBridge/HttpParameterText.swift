import GranaryCore

/// The model's patterns for HTTP parameters (a target's HttpParameters, a connection's
/// InvocationHttpParameters and authorization members): what may go into a request line or a
/// header field, at most 512 characters each.
enum HttpParameterText {
    /// HeaderKey: an RFC 9110 token.
    static func headerKey(_ text: String, _ member: String) throws {
        let token = "!#$%&'*+-.^_`|~"
        try check(text, member, "^[!#$%&'*+-.^_`|~0-9a-zA-Z]+$", minimum: 1) { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || token.unicodeScalars.contains(scalar))
        }
    }

    /// HeaderValue: printable ASCII (and tabs), not only blanks.
    static func headerValue(_ text: String, _ member: String) throws {
        try check(text, member, "^[ \\t]*[\\x20-\\x7E]+([ \\t]+[\\x20-\\x7E]+)*[ \\t]*$", minimum: 1, notBlank: true) { scalar in
            (0x20...0x7E).contains(scalar.value) || scalar == "\t"
        }
    }

    /// QueryStringKey: no control characters.
    static func queryKey(_ text: String, _ member: String) throws {
        try check(text, member, "[^\\x00-\\x1F\\x7F]+", minimum: 1) { $0.value >= 0x20 && $0.value != 0x7F }
    }

    /// QueryStringValue: no control characters but tab, line feed and carriage return.
    static func queryValue(_ text: String, _ member: String) throws {
        try check(text, member, "[^\\x00-\\x09\\x0B\\x0C\\x0E-\\x1F\\x7F]+", minimum: 1) { scalar in
            (scalar.value >= 0x20 && scalar.value != 0x7F) || scalar == "\n" || scalar == "\r" || scalar == "\t"
        }
    }

    /// AuthHeaderParameters (a username, password, API key name or value): no control
    /// characters and no ':' (tabs between words), not only blanks; 1 to 512 characters.
    static func authValue(_ text: String, _ member: String) throws {
        try check(text, member, "^[ \\t]*[^\\x00-\\x1F:\\x7F]+([ \\t]+[^\\x00-\\x1F:\\x7F]+)*[ \\t]*$", minimum: 1, notBlank: true) {
            ($0.value >= 0x20 && $0.value != 0x7F && $0 != ":") || $0 == "\t"
        }
    }

    private static func check(
        _ text: String, _ member: String, _ pattern: String, minimum: Int, notBlank: Bool = false, allowed: (Unicode.Scalar) -> Bool
    ) throws {
        try EventsValidation.length(text, member, minimum...512)
        guard text.unicodeScalars.allSatisfy(allowed), !notBlank || !text.allSatisfy({ $0 == " " || $0 == "\t" }) else {
            throw EventsValidation.failure(text, member, "Member must satisfy regular expression pattern: \(pattern)")
        }
    }
}
