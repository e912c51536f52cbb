import HTTP

/// Turns nginx's CGI parameters into a `Request`, or says precisely what is wrong with them.
enum RequestDecoding {
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

    /// The declared body length: nil when absent (chunked), an error when not a number.
    static func contentLength(_ parameters: CGIParameters) throws(HTTPError) -> Int? {
        guard let text = parameters["CONTENT_LENGTH"], !text.isEmpty else { return nil }
        guard text.utf8.count <= 18, text.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int(text) else {
            throw HTTPError.badRequest("Malformed Content-Length.")
        }
        return value
    }

    static func decode(_ parameters: CGIParameters, body: (Int?) -> RequestBody) throws(HTTPError) -> Request {
        guard let method = parameters["REQUEST_METHOD"], methods.contains(method) else {
            throw HTTPError(.badRequest, "Missing or unsupported request method.")
        }
        guard let uri = parameters["REQUEST_URI"] ?? parameters["DOCUMENT_URI"], uri.hasPrefix("/") else {
            throw HTTPError.badRequest("Missing request URI.")
        }
        let rawPath: String
        let rawQuery: String
        if let question = uri.firstIndex(of: "?") {
            rawPath = String(uri[..<question])
            rawQuery = String(uri[uri.index(after: question)...])
        } else {
            rawPath = uri
            rawQuery = parameters["QUERY_STRING"] ?? ""
        }
        guard let segments = PercentEncoding.segments(ofRawPath: rawPath) else {
            throw HTTPError.badRequest("Malformed path: it may not contain NUL, control characters, '.' or '..' segments.")
        }
        let length = try contentLength(parameters)
        var headers = Headers()
        for (key, value) in parameters.entries where key.utf8.starts(with: "HTTP_".utf8) {
            headers.add(headerName(fromCGI: key), value)
        }
        // nginx sends these both as CONTENT_* and as HTTP_*: keep one copy (SigV4 signs them once).
        if headers["Content-Type"] == nil, let type = parameters["CONTENT_TYPE"], !type.isEmpty { headers.add("Content-Type", type) }
        if headers["Content-Length"] == nil, let length { headers.add("Content-Length", String(length)) }
        return Request(
            method: method,
            rawPath: rawPath,
            segments: segments,
            query: Query(rawQuery),
            headers: headers,
            isSecure: parameters["HTTPS"] == "on",
            remoteAddress: parameters["REMOTE_ADDR"] ?? "",
            requestID: parameters["REQUEST_ID"] ?? "",
            body: body(length)
        )
    }

    /// "HTTP_ACCEPT_ENCODING" (or "ACCEPT_ENCODING") → "Accept-Encoding", byte by byte.
    static func headerName(fromCGI name: String) -> String {
        var bytes = Array(name.utf8)
        if bytes.starts(with: "HTTP_".utf8) { bytes.removeFirst(5) }
        var startOfWord = true
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_") {
                bytes[index] = UInt8(ascii: "-")
                startOfWord = true
                continue
            }
            let isLetter = (0x61...0x7a).contains(byte | 0x20)
            if isLetter { bytes[index] = startOfWord ? byte & ~0x20 : byte | 0x20 }
            startOfWord = false
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
