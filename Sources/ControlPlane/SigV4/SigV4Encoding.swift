import GranaryCrypto

/// The byte-level encodings of SigV4 canonicalization, written to match botocore (`botocore/auth.py`,
/// `botocore/utils.py`) for every request botocore sends:
///
/// - URI-encoding keeps only RFC 3986 unreserved bytes (`A-Z a-z 0-9 - . _ ~`); everything else,
///   including space (`%20`), `+` and `%`, becomes `%XX` with upper-case hex.
/// - The canonical URI is the *path as sent* (still percent-encoded), normalized like
///   `remove_dot_segments` (drops `.`, applies `..`, collapses repeated slashes, keeps a trailing
///   slash), then URI-encoded once more with `/` kept. So `%40` is signed as `%2540`: AWS's
///   "double encoding" for every service but S3.
/// - The canonical query decodes each name and value, re-encodes them, sorts by encoded name, then
///   value, and joins `name=value` with `&`. botocore already sends every query parameter in that
///   encoding, so for its requests this equals its own "sort the raw pairs".
/// - A raw `+` in the query is a space, signed as `%20`: the reading `HTTP.Query` (what every
///   handler reads) gives it. botocore never sends a raw `+` (a space is `%20`, a plus `%2B`); a
///   signer that sent one meaning a plus computed `%2B` and fails the check instead of having its
///   request read as something it did not sign.
public enum SigV4Encoding {
    /// RFC 3986 unreserved characters.
    public static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// Percent-encodes every byte that is not unreserved (and not `/` when `keepingSlash`).
    public static func encode(_ bytes: some Sequence<UInt8>, keepingSlash: Bool = false) -> String {
        PercentEscapes.encode(bytes, uppercase: true) { isUnreserved($0) || (keepingSlash && $0 == UInt8(ascii: "/")) }
    }

    /// Decodes `%XX` escapes to bytes. Lenient: a malformed escape stays as literal text. `+`
    /// stays `+` unless `plusAsSpace` (query components: see the type's comment).
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool = false) -> [UInt8] {
        PercentEscapes.decode(text, plusAsSpace: plusAsSpace, malformed: .keepLiteral) ?? []
    }

    /// botocore's `normalize_url_path`: RFC 3986 dot-segment removal plus collapsing of empty
    /// segments; a trailing slash survives unless nothing is left but the root.
    public static func normalizedPath(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        var kept = [Substring]()
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                if !kept.isEmpty { kept.removeLast() }
            } else {
                kept.append(segment)
            }
        }
        let first = path.hasPrefix("/") ? "/" : ""
        let last = path.hasSuffix("/") && !kept.isEmpty ? "/" : ""
        return first + kept.joined(separator: "/") + last
    }

    /// The canonical URI of a raw (as sent, still percent-encoded) request path.
    public static func canonicalURI(rawPath: String) -> String {
        encode(normalizedPath(rawPath).utf8, keepingSlash: true)
    }

    /// The canonical query string of a raw query string; parameters whose decoded name is in
    /// `excluding` (the presigned form's `X-Amz-Signature`) are left out.
    public static func canonicalQuery(rawQuery: String, excluding: Set<String> = []) -> String {
        var pairs = [(name: String, value: String)]()
        for piece in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0], plusAsSpace: true)
            if !excluding.isEmpty, excluding.contains(String(decoding: name, as: UTF8.self)) { continue }
            let value = parts.count > 1 ? decode(parts[1], plusAsSpace: true) : []
            pairs.append((encode(name), encode(value)))
        }
        pairs.sort { lhs, rhs in
            lhs.name == rhs.name
                ? lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
                : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
        }
        return pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// Whether a raw query may name an `X-Amz-*` parameter: it spells one out, or has an escape
    /// (a name may be percent-encoded). False lets a signed call skip decoding its query twice.
    static func mayCarryAmzParameters(rawQuery: String) -> Bool {
        // Byte by byte: the standard library's substring search is far slower on this path.
        let bytes = rawQuery.utf8, marker = "X-Amz-".utf8
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if bytes[index] == UInt8(ascii: "%") || bytes[index...].starts(with: marker) { return true }
            index = bytes.index(after: index)
        }
        return false
    }

    /// The `X-Amz-*`-bearing parameters of a raw query (see `mayCarryAmzParameters`), decoded:
    /// none when the query cannot carry one.
    static func amzCandidates(rawQuery: String) -> [(name: String, value: String)] {
        mayCarryAmzParameters(rawQuery: rawQuery) ? queryParameters(rawQuery: rawQuery) : []
    }

    /// Query parameters decoded to text (invalid UTF-8 repaired), in order, for reading the
    /// presigned form's `X-Amz-*` parameters.
    static func queryParameters(rawQuery: String) -> [(name: String, value: String)] {
        rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { piece in
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count > 1 ? decode(parts[1], plusAsSpace: true) : []
            return (String(decoding: decode(parts[0], plusAsSpace: true), as: UTF8.self), String(decoding: value, as: UTF8.self))
        }
    }
}
