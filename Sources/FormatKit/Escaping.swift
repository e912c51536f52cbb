/// Escaping of text placed in HTML and XML documents, so that package metadata (hostile by
/// default) can never open a tag or leave an attribute.
public enum Escaping {
    /// Text for HTML content and for double- or single-quoted attribute values:
    /// `& < > " '` become `&amp; &lt; &gt; &quot; &#39;`.
    public static func html(_ text: String) -> String {
        escaped(text) { scalar in
            switch scalar {
            case "\"": "&quot;"
            case "'": "&#39;"
            default: markup(scalar)
            }
        }
    }

    /// Text for an XML attribute value in either quotes: `& < > " '` as the predefined entities,
    /// and tab, line feed and carriage return as character references (a parser would normalize
    /// them to spaces otherwise).
    public static func xmlAttribute(_ text: String) -> String {
        escaped(text) { scalar in
            switch scalar {
            case "\"": "&quot;"
            case "'": "&apos;"
            case "\t": "&#9;"
            case "\n": "&#10;"
            case "\r": "&#13;"
            default: markup(scalar)
            }
        }
    }

    /// Text for XML element content: `&`, `<` and `>` (the last so that `]]>` cannot appear).
    public static func xmlText(_ text: String) -> String {
        escaped(text, markup)
    }

    /// The characters that open markup, in HTML and XML alike.
    private static func markup(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "&": "&amp;"
        case "<": "&lt;"
        case ">": "&gt;"
        default: nil
        }
    }

    private static func escaped(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let entity = replacement(scalar) { out += entity } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
