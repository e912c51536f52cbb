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
/// the format's download rule (`FormatRules.downloadable`) and the blob, sent by nginx. The same
/// request again (credentials, path, query) is answered from the thread's memory while nothing
/// it depends on changed, without a database round trip. This is the seam encrypted domains
/// stream through.
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
        try answer(request, context, endpoint, respond: respond) { services in
            let (wanted, subject) = try describe()
            let service = PackageService(services)
            let view = try service.chainView(endpoint.domain.reference, repository: endpoint.repository, wanted.coordinate, external: true)
            do {
                let (version, asset) = try service.chainAsset(view, version: wanted.version, asset: wanted.file)
                return (wanted, version, asset)
            } catch let error as ServiceError where error.kind == .resourceNotFound {
                guard let (version, asset) = try ingest(wanted, subject, view, service) else { throw error }
                return (wanted, version, asset)
            }
        }
    }

    /// From the repository itself (formats without upstream chains: generic).
    public static func serveOwn<Context: PackageProtocolContext>(
        _ request: Request, _ context: Context, _ endpoint: RepositoryEndpoint, describe: () throws -> RequestedFile
    ) throws -> Response {
        try answer(request, context, endpoint, respond: nil) { services in
            let wanted = try describe()
            let (version, asset) = try PackageService(services).asset(
                endpoint.domain.reference, repository: endpoint.repository, wanted.coordinate, version: wanted.version,
                asset: wanted.file, revision: nil, action: .readFromRepository)
            return (wanted, version, asset)
        }
    }

    /// The steps every download shares around `locate` (which finds the file for the token's
    /// services): the remembered answer, the token, the download rule, the answer.
    private static func answer<Context: PackageProtocolContext>(
        _ request: Request, _ context: Context, _ endpoint: RepositoryEndpoint,
        respond: ((PackageVersion, Asset, ServiceContext) throws -> Response)?,
        locate: (ServiceContext) throws -> (RequestedFile, PackageVersion, Asset)
    ) throws -> Response {
        let key = answerKey(request)
        if let key, case .file(let file)? = try context.rememberedAnswer(key) { return remembered(file, request) }
        let services = try context.services(for: request, domain: endpoint.domain)
        let (wanted, version, asset) = try locate(services)
        try version.checkDownloadable(wanted.coordinate.format, package: wanted.coordinate.name)
        if let respond { return try respond(version, asset, services) }
        return file(asset, services, request, remembering: key, in: context)
    }

    static let contentType = "application/octet-stream"

    /// A download names its file by path and query (generic's `?namespace=`), and is answered
    /// for the credentials it carries: the same three again get the same file while nothing it
    /// depends on changed (`PackageProtocolContext.rememberedAnswer`).
    static func answerKey(_ request: Request) -> String? {
        AnswerKey.of(request, form: "file", dependsOn: request.query.raw)
    }

    /// The asset's blob, with its ETag and file name (`BlobDownload`); remembered as the answer
    /// to `key` when nginx sends it.
    static func file<Context: PackageProtocolContext>(
        _ asset: Asset, _ services: ServiceContext, _ request: Request, remembering key: String?, in context: Context
    ) -> Response {
        let delivery = services.blobs.delivery(sha256: asset.blob.sha256)
        if let key, case .internalRedirect(let path) = delivery {
            context.rememberAnswer(key, .file(RememberedFile(blob: asset.blob, fileName: asset.name, internalPath: path)))
        }
        return BlobDownload.response(
            asset.blob, delivery: delivery, fileName: asset.name, contentType: contentType, ifNoneMatch: request.headers["If-None-Match"])
    }

    static func remembered(_ file: RememberedFile, _ request: Request) -> Response {
        BlobDownload.response(
            file.blob, delivery: .internalRedirect(path: file.internalPath), fileName: file.fileName, contentType: contentType,
            ifNoneMatch: request.headers["If-None-Match"])
    }
}
