/// What a handler answers. Blob bytes never pass through here: downloads are `X-Accel-Redirect`
/// responses that nginx completes from disk.
public struct Response {
    public var status: Status
    public var headers: Headers
    public var body: ResponseBody

    public init(status: Status, headers: Headers = Headers(), body: ResponseBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func bytes(_ status: Status, contentType: String, _ bytes: [UInt8]) -> Response {
        var headers = Headers()
        headers.add("Content-Type", contentType)
        return Response(status: status, headers: headers, body: .bytes(bytes))
    }

    public static func text(_ status: Status, _ text: String, contentType: String = "text/plain; charset=utf-8") -> Response {
        bytes(status, contentType: contentType, Array(text.utf8))
    }

    public static func json(_ status: Status, _ bytes: [UInt8]) -> Response {
        self.bytes(status, contentType: "application/json", bytes)
    }

    /// Hands the download to nginx: `internalPath` names a file under an `internal` location.
    /// nginx adds Content-Length, Last-Modified and Range support; the worker decides the rest.
    public static func accel(
        internalPath: String, contentType: String, etag: String? = nil, contentDisposition: String? = nil,
        cacheControl: String? = nil
    ) -> Response {
        var headers = Headers()
        headers.add("X-Accel-Redirect", internalPath)
        headers.add("Content-Type", contentType)
        if let etag { headers.add("ETag", etag) }
        if let contentDisposition { headers.add("Content-Disposition", contentDisposition) }
        if let cacheControl { headers.add("Cache-Control", cacheControl) }
        return Response(status: .ok, headers: headers)
    }
}

public enum ResponseBody {
    case empty
    case bytes([UInt8])
    /// Written by the closure, chunk by chunk, for bodies too large to build in memory.
    case stream((ResponseWriter) throws -> Void)
}

/// Where a streamed body goes.
public protocol ResponseWriter: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension ResponseWriter {
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}
