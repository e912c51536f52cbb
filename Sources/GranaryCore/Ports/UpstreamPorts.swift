/// HTTP to the registries behind external connections (public:pypi, public:npmjs, or a site's
/// own mirror). Synchronous, on the worker thread that needs the answer, always bounded by a
/// timeout so a slow registry never holds a thread longer than that.
public protocol UpstreamClient: Sendable {
    /// A small document (an index page, a packument): the body in memory, refused beyond
    /// `request.maxBodyBytes`.
    func fetch(_ request: UpstreamRequest) throws -> UpstreamResponse
    /// A file: its bytes are handed to `sink` as they arrive, never held; the response carries
    /// no body. An error thrown by `sink` aborts the transfer and is rethrown; so does a body
    /// beyond `request.maxBodyBytes` (an `UpstreamFailure`).
    func download(_ request: UpstreamRequest, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> UpstreamResponse
}

public struct UpstreamRequest: Sendable {
    public var url: String
    /// GET for registries; a webhook's method (API destinations) otherwise.
    public var method: String
    public var headers: [(name: String, value: String)]
    /// What is sent (a webhook's payload); nil sends none.
    public var body: [UInt8]?
    /// The whole exchange, connection included.
    public var timeoutSeconds: Double
    /// The most bytes of the answer's body read (beyond it the exchange fails).
    public var maxBodyBytes: Int
    /// Registries redirect to their file hosts; a webhook's 3xx is its answer, not followed.
    public var followRedirects: Bool

    public init(
        url: String, method: String = "GET", headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        timeoutSeconds: Double = 30, maxBodyBytes: Int = 64 << 20, followRedirects: Bool = true
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeoutSeconds = timeoutSeconds
        self.maxBodyBytes = maxBodyBytes
        self.followRedirects = followRedirects
    }
}

public struct UpstreamResponse: Sendable {
    public let status: Int
    /// Header names in lower case; the last value of a repeated header.
    public let headers: [String: String]
    public let body: [UInt8]
    /// Where the response came from after redirects (relative links resolve against it).
    public let url: String

    public init(status: Int, headers: [String: String], body: [UInt8], url: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }
}

/// The registry could not be asked: unreachable, too slow, an answer too large, or a target the
/// guard refuses (a scheme other than http/https, an address the operator does not allow). (A
/// 4xx or 5xx answer is a response, not this error.) The message is for the log only: it may
/// carry the transport's own text, which no client sees.
public struct UpstreamFailure: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
