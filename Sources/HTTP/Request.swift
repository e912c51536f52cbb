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

/// A parsed query string; keeps order and repeated keys.
public struct Query: Sendable {
    public let raw: String
    public let items: [(name: String, value: String)]

    public init(_ raw: String) {
        self.raw = raw
        self.items = raw.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentEncoding.decode(String(parts[0]), plusAsSpace: true) ?? String(parts[0])
            let value = parts.count > 1 ? (PercentEncoding.decode(String(parts[1]), plusAsSpace: true) ?? String(parts[1])) : ""
            return (name: name, value: value)
        }
    }

    public subscript(name: String) -> String? { items.first { $0.name == name }?.value }

    public func values(_ name: String) -> [String] { items.filter { $0.name == name }.map(\.value) }
}
