import GranaryCore
import HTTP

/// The file a download request names.
public struct RequestedFile {
    public let coordinate: PackageCoordinate
    public let version: String
    public let file: String

    public init(_ coordinate: PackageCoordinate, version: String, file: String) {
        self.coordinate = coordinate
        self.version = version
        self.file = file
    }
}

/// The one way a package client downloads a file, for every format: the token; the file in the
/// repository or, for formats with upstream chains, in its chain (a version only an upstream
/// holds is retained here first), or ingested from the external connection on first use; then
/// the format's download rule (`FormatRules.downloadable`) and the blob, sent by nginx. This is
/// the seam encrypted domains stream through and the fast path of downloads is built on.
public enum DownloadPipeline {
    /// Through the repository's upstream chain and external connection. `describe` (after the
    /// token is checked) names the file, with the format's own view of the name (`Subject`);
    /// `ingest` fetches a file only the connection's registry offers (nil: it has none);
    /// `respond` answers with the found file (default: its blob).
    public static func serve<Context: PackageProtocolContext, Subject>(
        _ request: Request, _ context: Context, _ endpoint: RepositoryEndpoint, describe: () throws -> (RequestedFile, Subject),
        ingest: (RequestedFile, Subject, PackageChainView, PackageService) throws -> (PackageVersion, Asset)?,
        respond: ((PackageVersion, Asset, ServiceContext) throws -> Response)? = nil
    ) throws -> Response {
        let services = try context.services(for: request, domain: endpoint.domain)
        let (wanted, subject) = try describe()
        let service = PackageService(services)
        let view = try service.chainView(endpoint.domain.reference, repository: endpoint.repository, wanted.coordinate, external: true)
        let version: PackageVersion
        let asset: Asset
        do {
            (version, asset) = try service.chainAsset(view, version: wanted.version, asset: wanted.file)
        } catch let error as ServiceError where error.kind == .resourceNotFound {
            guard let ingested = try ingest(wanted, subject, view, service) else { throw error }
            (version, asset) = ingested
        }
        try version.checkDownloadable(wanted.coordinate.format, package: wanted.coordinate.name)
        return try respond?(version, asset, services) ?? file(asset, services, request)
    }

    /// From the repository itself (formats without upstream chains: generic).
    public static func serveOwn<Context: PackageProtocolContext>(
        _ request: Request, _ context: Context, _ endpoint: RepositoryEndpoint, describe: () throws -> RequestedFile
    ) throws -> Response {
        let services = try context.services(for: request, domain: endpoint.domain)
        let wanted = try describe()
        let (version, asset) = try PackageService(services).asset(
            endpoint.domain.reference, repository: endpoint.repository, wanted.coordinate, version: wanted.version, asset: wanted.file,
            revision: nil, action: .readFromRepository)
        try version.checkDownloadable(wanted.coordinate.format, package: wanted.coordinate.name)
        return file(asset, services, request)
    }

    /// The asset's blob, with its ETag and file name (`BlobDownload`).
    public static func file(
        _ asset: Asset, _ services: ServiceContext, _ request: Request, contentType: String = "application/octet-stream"
    ) -> Response {
        BlobDownload.response(
            asset.blob, delivery: services.blobs.delivery(sha256: asset.blob.sha256), fileName: asset.name, contentType: contentType,
            ifNoneMatch: request.headers["If-None-Match"])
    }
}
