#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import GranaryCore
import HTTP

/// What the diagnostics routes need from a worker thread's context.
public protocol BlobContext: SendableMetatype {
    var blobStore: BlobStore { get }
    var blobCatalog: BlobCatalog { get }
}

/// Routes that exercise the blob path end to end without any package format: for the test
/// harness and bench/, mounted only when the configuration turns `diagnostics` on (never by
/// `make run`). They take no credentials, so they must never face a network.
public enum DiagnosticsRoutes {
    public static func register<Context: BlobContext>(into router: inout Router<Context>) {
        // Blobs before rows: the bytes are durable at their address before the row says they exist.
        router.add("PUT", "/_diag/blobs", routeClass: "diag") { request, context in
            let body = request.body
            let record = try context.blobStore.store(limit: nil) { try body.read(into: $0) }
            try context.blobCatalog.record(record)
            return .json(.created, try JSONEncoder.sorted.encode(record).bytes)
        }
        router.add("GET", "/_diag/blobs/:sha256", routeClass: "diag") { request, context in
            let address = request.parameters["sha256"] ?? ""
            guard BlobRecord.isAddress(address) else { throw HTTPError.badRequest("A blob address is 64 lower-case hex digits.") }
            guard let record = try context.blobCatalog.blob(sha256: address) else { throw HTTPError.notFound("No such blob.") }
            return BlobResponse.download(
                record, delivery: context.blobStore.delivery(sha256: record.sha256), fileName: record.sha256,
                ifNoneMatch: request.headers["If-None-Match"])
        }
        router.add("GET", "/_diag/sleep", routeClass: "diag") { request, _ in
            let milliseconds = min(Int(request.query["ms"] ?? "") ?? 0, 60_000)
            var remaining = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
            var left = timespec()
            while nanosleep(&remaining, &left) != 0 { remaining = left }
            return .text(.ok, "slept \(milliseconds) ms\n")
        }
    }
}

/// A download of a stored blob: nginx sends the bytes (X-Accel-Redirect) with the worker's
/// type, ETag (the SHA-256) and file name; an encrypted blob streams through the worker instead.
/// A matching If-None-Match is answered 304 here: nginx learns the ETag too late to do it.
public enum BlobResponse {
    public static func download(
        _ record: BlobRecord, delivery: BlobDelivery, fileName: String, contentType: String = "application/octet-stream",
        ifNoneMatch: String? = nil
    ) -> Response {
        let etag = "\"\(record.sha256)\""
        if let ifNoneMatch, matches(ifNoneMatch, etag: etag) {
            var headers = Headers()
            headers.add("ETag", etag)
            return Response(status: .notModified, headers: headers)
        }
        let disposition = "attachment; filename=\"\(fileName.filter { $0 != "\"" && $0 != "\\" })\""
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
}

extension BlobResponse {
    /// RFC 9110 weak comparison against a list of entity tags, or "*".
    static func matches(_ header: String, etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            var tag = candidate.drop { $0 == " " }
            while tag.last == " " { tag = tag.dropLast() }
            if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
            return tag == "*" || tag == etag
        }
    }
}

extension JSONEncoder {
    /// Sorted keys, no escaped slashes: stable output for clients and tests.
    public static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension Data {
    public var bytes: [UInt8] { [UInt8](self) }
}
