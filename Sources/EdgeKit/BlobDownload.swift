import GranaryCore
import HTTP

/// A download of a stored blob, the same for every edge: nginx sends the bytes (X-Accel-Redirect)
/// with the worker's type, ETag (the SHA-256) and file name; an encrypted blob streams through
/// the worker instead. A matching If-None-Match is answered 304 here: nginx learns the ETag too
/// late to do it.
public enum BlobDownload {
    public static func response(
        _ record: BlobRecord, delivery: BlobDelivery, fileName: String, contentType: String = "application/octet-stream",
        ifNoneMatch: String? = nil
    ) -> Response {
        let etag = "\"\(record.sha256)\""
        if let ifNoneMatch, matches(ifNoneMatch, etag: etag) {
            var headers = Headers()
            headers.add("ETag", etag)
            return Response(status: .notModified, headers: headers)
        }
        let disposition = contentDisposition(fileName)
        switch delivery {
        case .internalRedirect(let path):
            return .accel(internalPath: path, contentType: contentType, etag: etag, contentDisposition: disposition)
        case .stream(let size, let produce):
            var headers = Headers()
            headers.add("Content-Type", contentType)
            headers.add("Content-Length", String(size))
            headers.add("ETag", etag)
            headers.add("Content-Disposition", disposition)
            return Response(status: .ok, headers: headers, body: .stream { writer in try produce { try writer.write($0) } })
        }
    }

    /// A rendered listing (PyPI project page, npm packument): nginx sends the file, or its gzip
    /// twin to a client that accepts gzip (each representation with its own ETag); the worker
    /// answers a matching If-None-Match itself. `Vary: Accept, Accept-Encoding`: one URL has
    /// several forms, each in two codings.
    public static func page(_ page: RenderedPage, contentType: String, for request: Request) -> Response {
        let gzip = page.gzipSize != nil && AcceptEncoding.allowsGzip(request.headers["Accept-Encoding"])
        let etag = gzip ? "\"\(page.sha256)-gzip\"" : "\"\(page.sha256)\""
        var response =
            if let ifNoneMatch = request.headers["If-None-Match"], matches(ifNoneMatch, etag: etag) {
                Response(status: .notModified, headers: Headers([("ETag", etag)]))
            } else {
                Response.accel(
                    internalPath: gzip ? page.internalPath + ".gz" : page.internalPath, contentType: contentType, etag: etag,
                    cacheControl: "private, max-age=0")
            }
        response.headers.add("Vary", "Accept, Accept-Encoding")
        if gzip && response.status == .ok { response.headers.add("Content-Encoding", "gzip") }
        return response
    }

    /// RFC 9110 weak comparison against a list of entity tags, or "*".
    public static func matches(_ header: String, etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            var tag = candidate.drop { $0 == " " }
            while tag.last == " " { tag = tag.dropLast() }
            if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
            return tag == "*" || tag == etag
        }
    }

    /// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266).
    public static func contentDisposition(_ fileName: String) -> String {
        var fallback: [UInt8] = []
        for scalar in fileName.unicodeScalars {
            let plain = scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7f && scalar != "\"" && scalar != "\\"
            fallback.append(plain ? UInt8(scalar.value) : UInt8(ascii: "_"))
        }
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(fileName.utf8.count)
        for byte in fileName.utf8 {
            let unreserved = (0x30...0x39).contains(byte) || (0x61...0x7a).contains(byte | 0x20) || byte == 0x2d || byte == 0x2e
                || byte == 0x5f || byte == 0x7e
            if unreserved {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
            }
        }
        return "attachment; filename=\"" + String(decoding: fallback, as: UTF8.self) + "\"; filename*=UTF-8''"
            + String(decoding: encoded, as: UTF8.self)
    }

    /// A header value without control characters (they could split the response).
    public static func headerSafe(_ value: String) -> String {
        String(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7f }.map(Character.init))
    }
}
