/// One HTTP request as the worker sees it after nginx.
public struct Request {
    public var method: String
    /// The path as the client sent it, still percent-encoded (npm's `@scope%2fname` needs it).
    public var rawPath: String
    /// The path's segments, each percent-decoded. Never contains "", ".", ".." or a NUL.
    public var segments: [String]
    public var query: Query
    public var headers: Headers
    public var isSecure: Bool
    public var remoteAddress: String
    public var requestID: String
    public var body: RequestBody
    /// Values bound by the route pattern (`:name`, `*rest`).
    public var parameters: [String: String] = [:]

    public init(
        method: String, rawPath: String, segments: [String], query: Query = Query(""), headers: Headers = Headers(),
        isSecure: Bool = false, remoteAddress: String = "", requestID: String = "", body: RequestBody = BytesBody()
    ) {
        self.method = method
        self.rawPath = rawPath
        self.segments = segments
        self.query = query
        self.headers = headers
        self.isSecure = isSecure
        self.remoteAddress = remoteAddress
        self.requestID = requestID
        self.body = body
    }

    /// The decoded path, "/" joined.
    public var path: String { "/" + segments.joined(separator: "/") }
}

/// A parsed query string; keeps order and repeated names.
///
/// Decoding is `application/x-www-form-urlencoded`'s: `%XX` escapes, and a raw `+` is a space (a
/// literal plus is `%2B`, as botocore and every form encoder send it). SigV4's canonical query
/// (`SigV4Encoding.canonicalQuery`) reads a raw `+` the same way, so what a signature covers is
/// what the handlers read.
///
/// A name given more than once is ambiguous: `subscript` answers nil for it (never "the first"),
/// and `repeatedName` names it so that an edge can refuse the request; a caller that means a list
/// asks for `values(_:)`. A piece whose escapes are malformed or whose bytes are not UTF-8 is kept
/// as sent and flagged by `hasUndecodablePiece`.
public struct Query: Sendable {
    public let raw: String
    public let items: [(name: String, value: String)]
    /// True when some name or value could not be decoded (malformed `%` escape, not UTF-8).
    public let hasUndecodablePiece: Bool

    public init(_ raw: String) {
        self.raw = raw
        var undecodable = false
        func decode(_ piece: Substring) -> String {
            if let text = PercentEncoding.decode(String(piece), plusAsSpace: true) { return text }
            undecodable = true
            return String(piece)
        }
        let items = raw.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
        }
        self.items = items
        self.hasUndecodablePiece = undecodable
    }

    /// The value of a name given exactly once; nil when it is absent or repeated.
    public subscript(name: String) -> String? {
        var found: String?
        for item in items where item.name == name {
            guard found == nil else { return nil }
            found = item.value
        }
        return found
    }

    /// The first name that occurs more than once (after decoding), if any (computed when asked:
    /// only the control plane's edge asks).
    public var repeatedName: String? {
        var seen = Set<String>()
        return items.first { !seen.insert($0.name).inserted }?.name
    }

    /// Every value of a name, in order (for parameters that are lists).
    public func values(_ name: String) -> [String] { items.filter { $0.name == name }.map(\.value) }
}
