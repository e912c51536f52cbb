import EdgeKit
import FoundationEssentials
import GranaryCore
import HTTP

/// The read side of the v3 API: the service index, the flat container (PackageBaseAddress/3.0.0)
/// and the registrations (RegistrationsBaseUrl). Every per-package document goes through
/// `ListingPipeline` (rendered once per change, served by nginx after the token check) and every
/// .nupkg through `DownloadPipeline`, with the repository's upstream chain.
enum NuGetReads {
    static func get<Context: PackageProtocolContext>(_ request: Request, _ context: Context) throws -> Response {
        let target = try NuGetRequest.endpoint(request)
        let base = target.url(for: request)
        guard let path = NuGetPath(request.parameters["path"] ?? "") else {
            let services = try NuGetRequest.services(request, context, target)
            _ = try services.repositorySummary(target.domain.reference, target.repository, for: .readFromRepository)
            throw ProtocolFailure(status: .notFound, message: "No such NuGet resource; the service index is \(base)v3/index.json.")
        }
        switch path {
        case .serviceIndex:
            let services = try NuGetRequest.services(request, context, target)
            _ = try services.repositorySummary(target.domain.reference, target.repository, for: .readFromRepository)
            return Response.json(.ok, NuGetServiceIndex.render(base: base))
        case .flatIndex(let id):
            return try listing(request, context, target, id: id, form: "flat", dependsOn: "") { view, service in
                NuGetJSON.encode(["versions": NuGetServedVersion.of(try service.chainListing(view), semVer2: true).map(\.key)])
            }
        case .nuspec(let id, let version):
            let key = try NuGetRequest.version(version)
            return try listing(request, context, target, id: id, form: "nuspec/\(key)", dependsOn: "", contentType: "application/xml") { view, service in
                guard let listed = try service.chainListing(view).first(where: { $0.version == key && $0.isServed }),
                    let data = NuGetVersionData.decode(listed.formatData)
                else { throw noVersion(id, key) }
                return Array(data.nuspec.utf8)
            }
        case .nupkg(let id, let version, let file):
            return try download(request, context, target, id: id, version: version, file: file)
        case .registrationIndex(let id, let semVer2):
            return try registration(request, context, target, id: id, semVer2: semVer2, document: "index") { $0.index() }
        case .registrationPage(let id, let semVer2, let lower, let upper):
            return try registration(request, context, target, id: id, semVer2: semVer2, document: "page/\(lower)/\(upper)") {
                $0.page(lower: lower, upper: upper)
            }
        case .registrationLeaf(let id, let semVer2, let version):
            let key = try NuGetRequest.version(version)
            return try registration(request, context, target, id: id, semVer2: semVer2, document: "leaf/\(key)") { $0.leaf(key) }
        case .search, .autocomplete:
            return try NuGetSearch.answer(request, context, target, path: path)
        case .publish, .publishedVersion, .symbolPublish:
            let services = try NuGetRequest.services(request, context, target)
            _ = try services.repositorySummary(target.domain.reference, target.repository, for: .readFromRepository)
            throw ProtocolFailure(status: .methodNotAllowed, message: "Push with PUT, unlist with DELETE, relist with POST.")
        }
    }

    /// One per-package document (`form` names it among the package's pages).
    static func listing<Context: PackageProtocolContext>(
        _ request: Request, _ context: Context, _ target: RepositoryEndpoint, id: String, form: String, dependsOn: String,
        contentType: String = "application/json", render: @escaping (PackageChainView, PackageService) throws -> [UInt8]
    ) throws -> Response {
        try ListingPipeline.serve(
            request, context, target, form: form, contentType: contentType, dependsOn: dependsOn,
            describe: {
                let coordinate = try NuGetRequest.coordinate(id)
                return (ListedPackage(coordinate, externalPath: "", externalAccept: ""), coordinate)
            }
        ) { _, view, _, service in try render(view, service) }
    }

    private static func registration<Context: PackageProtocolContext>(
        _ request: Request, _ context: Context, _ target: RepositoryEndpoint, id: String, semVer2: Bool, document: String,
        render: @escaping (NuGetRegistration) -> [UInt8]?
    ) throws -> Response {
        let base = target.url(for: request)
        let hub = base + (semVer2 ? NuGetPath.registrationSemVer2 : NuGetPath.registration)
        let form = "registration\(semVer2 ? "-semver2" : "")/\(document)"
        return try listing(request, context, target, id: id, form: form, dependsOn: base) { view, service in
            let registration = NuGetRegistration(
                base: hub, content: base + NuGetPath.flatContainer, id: id, listing: try service.chainListing(view), semVer2: semVer2)
            guard let bytes = render(registration) else { throw noVersion(id, document) }
            return bytes
        }
    }

    static func download<Context: PackageProtocolContext>(
        _ request: Request, _ context: Context, _ target: RepositoryEndpoint, id: String, version: String, file: String
    ) throws -> Response {
        try DownloadPipeline.serve(
            request, context, target,
            describe: {
                let coordinate = try NuGetRequest.coordinate(id)
                let key = try NuGetRequest.version(version)
                let name = NuGetFiles.packageFileName(id: id, version: key)
                guard file.lowercased() == name else {
                    throw ProtocolFailure(status: .notFound, message: "\(file) is not the package file of \(id) \(version) (\(name)).")
                }
                return (RequestedFile(coordinate, version: key, file: name), coordinate)
            },
            ingest: { _, _, _, _ in nil })
    }

    static func noVersion(_ id: String, _ what: String) -> ServiceError {
        ServiceError.notFound("\(id) has no \(what) in this repository or its upstreams.", id: id, type: "package")
    }

}
