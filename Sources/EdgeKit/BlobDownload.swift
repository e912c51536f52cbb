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

    /// A rendered listing (PyPI project page, npm packument): nginx sends the file; the worker
    /// answers a matching If-None-Match itself. `Vary: Accept`, because one URL has several forms.
    public static func page(_ page: RenderedPage, contentType: String, ifNoneMatch: String?) -> Response {
        let etag = "\"\(page.sha256)\""
        if let ifNoneMatch, matches(ifNoneMatch, etag: etag) {
            var headers = Headers()
            headers.add("ETag", etag)
            return Response(status: .notModified, headers: headers)
        }
        var response = Response.accel(internalPath: page.internalPath, contentType: contentType, etag: etag, cacheControl: "private, max-age=0")
        response.headers.add("Vary", "Accept")
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
        let fallback = String(fileName.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        var encoded = ""
        for byte in fileName.utf8 {
            let unreserved = (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
                || [0x2d, 0x2e, 0x5f, 0x7e].contains(byte)
            encoded += unreserved ? String(UnicodeScalar(byte)) : "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }

    /// A header value without control characters (they could split the response).
    public static func headerSafe(_ value: String) -> String {
        String(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7f }.map(Character.init))
    }
}
