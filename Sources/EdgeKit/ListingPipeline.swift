import FoundationEssentials
import GranaryCore
import HTTP

/// The package a listing request names, and where the external connection's registry keeps its
/// index document (the path after the connection's base URL, and the Accept to ask with).
public struct ListedPackage {
    public let coordinate: PackageCoordinate
    public let externalPath: String
    public let externalAccept: String

    public init(_ coordinate: PackageCoordinate, externalPath: String, externalAccept: String) {
        self.coordinate = coordinate
        self.externalPath = externalPath
        self.externalAccept = externalAccept
    }
}

/// The one way a package's listing (a PyPI project page, an npm packument) is served, for every
/// format: the thread's remembered answer to the very same request; else the token,
/// ReadFromRepository on the stored repository and the thread's memo of the page while nothing
/// changed; else the chain (the repository, its upstreams, the external connection's document),
/// rendered once per change into a page nginx serves. A format supplies the negotiated form,
/// what the request names, and the renderer.
public enum ListingPipeline {
    /// `form` names the negotiated form (part of every key the page is kept under) and
    /// `dependsOn` anything else the page depends on (npm: the registry URL of its tarball links).
    /// `describe` runs after the token is checked (so a malformed name is the caller's 4xx only
    /// for a caller with a token) and returns the package with the format's own view of the name
    /// (`Subject`), which `redirect` (after authorization: PyPI's normalized-name redirect) and
    /// `render` (only when the chain's page is not rendered yet) get.
    public static func serve<Context: PackageProtocolContext, Subject>(
        _ request: Request, _ context: Context, _ endpoint: RepositoryEndpoint, form: String, contentType: String,
        dependsOn: String = "", describe: () throws -> (ListedPackage, Subject), redirect: (Subject) -> Response? = { _ in nil },
        render: (Subject, PackageChainView, ExternalIndex.Found?, PackageService) throws -> [UInt8]
    ) throws -> Response {
        let answerKey = AnswerKey.of(request, form: form, dependsOn: dependsOn)
        if let answerKey, case .page(let page)? = try context.rememberedAnswer(answerKey) {
            return BlobDownload.page(page, contentType: contentType, for: request)
        }
        let services = try context.services(for: request, domain: endpoint.domain)
        let (listed, subject) = try describe()
        let coordinate = listed.coordinate
        let requested = try services.packageRepository(endpoint.domain.reference, endpoint.repository, coordinate, for: .readFromRepository)
        if let redirect = redirect(subject) { return redirect }
        let key = coordinate.key
        let format = coordinate.format.rawValue
        let memoKey = "\(format)/\(requested.id)/\(key.namespace)/\(key.name)/\(form)/\(dependsOn)"
        let now = Date().timeIntervalSince1970
        if let page = context.listingMemo.page(memoKey, now: now) {
            if let answerKey { context.rememberAnswer(answerKey, .page(page)) }
            return BlobDownload.page(page, contentType: contentType, for: request)
        }
        let service = PackageService(services)
        let view = try service.chainView(from: requested, coordinate, external: true)
        let external = try ExternalIndex.find(view, listed, service, context.external)
        guard !view.holders.isEmpty || external != nil else { throw service.notFoundInChain(coordinate, view) }
        let externalKey = external.map { "\($0.holder.id).\($0.document.stamp)" } ?? "-"
        let page = try context.renderedPages.page(key: "\(format)/\(view.stampKey)/\(externalKey)/\(form)/\(dependsOn)") {
            try render(subject, view, external, service)
        }
        // A chain with a connection changes without a database write (the registry's document
        // expires): its pages are not remembered.
        if view.connection == nil {
            context.listingMemo.remember(memoKey, page, now: now)
            if let answerKey { context.rememberAnswer(answerKey, .page(page)) }
        }
        return BlobDownload.page(page, contentType: contentType, for: request)
    }
}
