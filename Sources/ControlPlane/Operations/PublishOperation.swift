import GranaryCore
import HTTP

/// PublishPackageVersion: the asset is the request body, streamed (nginx's upload pool) straight
/// into the blob store. The signature covers `x-amz-content-sha256` — the asset's SHA-256 — so the
/// caller is authenticated and authorized before a byte of the body is read.
enum PublishOperation {
    struct Result: Encodable {
        let format: String
        let namespace: String?
        let package: String
        let version: String
        let versionRevision: String
        let status: String
        let asset: AssetSummaryWire
    }

    static func register<Context>(_ registrar: inout OperationRegistrar<Context>) {
        registrar.addStreaming("POST", "/v1/package/version/publish") { call in
            let coordinate = try call.coordinate()
            guard let sha256 = call.request.headers["x-amz-content-sha256"] else {
                throw APIError.validation("The x-amz-content-sha256 header (assetSHA256) is required.")
            }
            let body = call.request.body
            let (version, asset) = try PackagePublisher(call.services).publishGeneric(
                try call.domainReference(), repository: try call.query("repository"), coordinate, version: try call.versionName(),
                upload: .init(assetName: try call.query("asset"), sha256: sha256) { try body.read(into: $0) },
                unfinished: try call.boolQuery("unfinished") ?? false)
            return try APIResponse.json(Result(
                format: coordinate.format.rawValue, namespace: coordinate.namespace, package: coordinate.name, version: version.version,
                versionRevision: version.revision, status: version.status.rawValue, asset: AssetSummaryWire(asset)))
        }
    }
}
