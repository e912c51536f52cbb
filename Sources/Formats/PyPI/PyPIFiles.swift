import EdgeKit
import GranaryCore
import HTTP

/// Distribution files and their core metadata (PEP 658) under `files/{project}/{version}/`.
enum PyPIFiles {
    static let metadataSuffix = ".metadata"

    /// From a project page (`simple/{project}/`) to a file: two levels up, then `files/…`
    /// (the renderer percent-encodes each segment).
    static func relativeURL(project: String, version: String, file: String) -> String {
        "../../files/\(project)/\(version)/\(file)"
    }

    /// Published and Unlisted versions download by exact file; Archived, Disposed and Unfinished
    /// do not. A version only an upstream repository holds is retained here first; a file only
    /// the external connection offers is fetched, stored and retained in this request.
    static func download<Context: PackageProtocolContext>(_ request: Request, _ context: Context) throws -> Response {
        let target = try PyPIRequest(request)
        let services = try context.services(for: request, domain: target.domain)
        let coordinate = try PyPIRequest.coordinate(request.parameters["project"] ?? "")
        let versionName = request.parameters["version"] ?? ""
        var file = request.parameters["file"] ?? ""
        let wantsMetadata = file.hasSuffix(metadataSuffix)
        if wantsMetadata { file.removeLast(metadataSuffix.count) }
        let service = PackageService(services)
        let view = try service.chainView(target.domain.reference, repository: target.repository, coordinate, external: true)
        let version: PackageVersion
        let asset: Asset
        do {
            (version, asset) = try service.chainAsset(view, version: versionName, asset: file)
        } catch let error as ServiceError where error.kind == .resourceNotFound {
            guard let ingested = try PyPIExternal.ingest(view, coordinate, version: versionName, file: file, service, context.external) else {
                throw error
            }
            (version, asset) = ingested
        }
        try version.checkDownloadable(.pypi, package: coordinate.name)
        guard wantsMetadata else {
            return BlobDownload.response(
                asset.blob, delivery: services.blobs.delivery(sha256: asset.blob.sha256), fileName: asset.name,
                ifNoneMatch: request.headers["If-None-Match"])
        }
        let data = PyPIFileData.decode(try services.packages.assetFormatData(versionId: version.id, name: asset.name))
        guard let metadata = data.coreMetadata, let sha256 = data.coreMetadataSHA256 else {
            throw ServiceError.notFound("\(file) has no core metadata file.", id: file, type: "asset")
        }
        var response = Response.bytes(.ok, contentType: "text/plain; charset=utf-8", Array(metadata.utf8))
        response.headers.add("ETag", "\"\(sha256)\"")
        return response
    }
}
