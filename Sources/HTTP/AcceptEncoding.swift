/// Accept-Encoding (RFC 9110 §12.5.3), for the one coding Granary offers besides identity.
public enum AcceptEncoding {
    /// Whether the client takes a gzip body: `gzip` (or `x-gzip`) listed with a non-zero
    /// weight, or `*` with one and gzip not refused. A request without the header gets identity:
    /// the RFC would allow gzip, but a plain `curl` would then print compressed bytes.
    public static func allowsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        var gzip: Bool?
        var star: Bool?
        for element in header.split(separator: ",") {
            let parts = element.split(separator: ";")
            guard let first = parts.first else { continue }
            let coding = trimmed(first).lowercased()
            var accepted = true
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, trimmed(pair[0]).lowercased() == "q" else { continue }
                accepted = (Double(trimmed(pair[1])) ?? 0) > 0
            }
            switch coding {
            case "gzip", "x-gzip": gzip = accepted && (gzip ?? true)
            case "*": star = accepted
            default: break
            }
        }
        return gzip ?? star ?? false
    }

    /// Without the optional whitespace around list elements and parameters (RFC 9110 §5.6.3).
    private static func trimmed(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = text.firstIndex(where: { !isSpace($0) }), let end = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return text[start...end]
    }
}
