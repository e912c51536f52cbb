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
        let target = try PyPIRequest.endpoint(request)
        var file = request.parameters["file"] ?? ""
        let wantsMetadata = file.hasSuffix(metadataSuffix)
        if wantsMetadata { file.removeLast(metadataSuffix.count) }
        return try DownloadPipeline.serve(
            request, context, target,
            describe: {
                let coordinate = try PyPIRequest.coordinate(request.parameters["project"] ?? "")
                return (RequestedFile(coordinate, version: request.parameters["version"] ?? "", file: file), ())
            },
            ingest: { wanted, _, view, service in
                try PyPIExternal.ingest(view, wanted.coordinate, version: wanted.version, file: wanted.file, service, context.external)
            },
            respond: wantsMetadata ? { version, asset, services in try coreMetadata(version, asset, services) } : nil)
    }

    /// The wheel's core metadata file (PEP 658), kept beside the file when it was stored.
    static func coreMetadata(_ version: PackageVersion, _ asset: Asset, _ services: ServiceContext) throws -> Response {
        let data = PyPIFileData.decode(try services.packages.assetFormatData(versionId: version.id, name: asset.name))
        guard let metadata = data.coreMetadata, let sha256 = data.coreMetadataSHA256 else {
            throw ServiceError.notFound("\(asset.name) has no core metadata file.", id: asset.name, type: "asset")
        }
        var response = Response.bytes(.ok, contentType: "text/plain; charset=utf-8", Array(metadata.utf8))
        response.headers.add("ETag", "\"\(sha256)\"")
        return response
    }
}
