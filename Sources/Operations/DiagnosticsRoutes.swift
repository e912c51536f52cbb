#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import GranaryCore
import HTTP
import EdgeKit

/// What the diagnostics routes need from a worker thread's context.
public protocol BlobContext: SendableMetatype {
    var blobStore: BlobStore { get }
    var blobCatalog: BlobCatalog { get }
}

/// Routes that exercise the blob path end to end without any package format: for the test
/// harness and bench/, mounted only when the configuration turns `diagnostics` on (never by
/// `make run`). They take no credentials, so they must never face a network.
public enum DiagnosticsRoutes {
    /// `json11Targets`: the `X-Amz-Target`s `POST /` serves (`AWSEvents.PutRule`, …), listed
    /// like the routes so tests can walk every operation behind that one route.
    public static func register<Context: BlobContext>(into router: inout Router<Context>, json11Targets: [String] = []) {
        // Blobs before rows: the bytes are durable at their address before the row says they exist.
        router.add("PUT", "/_diag/blobs", routeClass: "diag") { request, context in
            let body = request.body
            let record = try context.blobStore.store(limit: nil, expectedSHA256: nil) { try body.read(into: $0) }
            try context.blobCatalog.record(record)
            return try .encoded(record, status: .created)
        }
        router.add("GET", "/_diag/blobs/:sha256", routeClass: "diag") { request, context in
            let address = request.parameters["sha256"] ?? ""
            guard BlobRecord.isAddress(address) else { throw HTTPError.badRequest("A blob address is 64 lower-case hex digits.") }
            guard let record = try context.blobCatalog.blob(sha256: address) else { throw HTTPError.notFound("No such blob.") }
            return BlobDownload.response(
                record, delivery: context.blobStore.delivery(sha256: record.sha256), fileName: record.sha256,
                ifNoneMatch: request.headers["If-None-Match"])
        }
        let table = router.table
        router.add("GET", "/_diag/routes", routeClass: "diag") { _, _ in
            // Every route registered before the diagnostics ones: tests walk it to prove each refuses
            // an unauthorized caller, and compare it with the API description.
            let rows = table.map { JSONText.object(["method": $0.method, "pattern": $0.pattern, "routeClass": $0.routeClass]) }
            return .json(.ok, Array(("[" + rows.joined(separator: ",") + "]").utf8))
        }
        router.add("GET", "/_diag/json11-targets", routeClass: "diag") { _, _ in
            .json(.ok, Array(("[" + json11Targets.map(JSONText.string).joined(separator: ",") + "]").utf8))
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
