import EdgeKit
import FoundationEssentials
import GranaryCore
import HTTP

/// SearchQueryService and SearchAutocompleteService over the repository's NuGet packages (its
/// own, including versions it retained from upstreams), as the NuGet server API describes them:
///
/// - `v3/query?q=&skip=&take=&prerelease=&semVerLevel=`: packages whose id contains `q`
///   (case-insensitive; every word of `q` must match, and `id:` / `packageid:` prefixes are
///   understood), in id order, each with its listed versions (Published: Unlisted, Archived and
///   the rest are not offered), pre-releases only with `prerelease=true`, SemVer 2 versions only
///   with `semVerLevel=2.0.0`; a package with no version left is left out.
/// - `v3/autocomplete?q=…`: matching ids; `?id=X`: the versions of package X by the same rules.
///
/// `totalHits` counts the packages whose id matches (clients use it to page). At most
/// `scanLimit` packages are read per request and at most `takeLimit` returned.
enum NuGetSearch {
    static let takeLimit = 1000
    static let skipLimit = 100_000
    static let scanLimit = 100_000
    static let batch = 1000

    struct Query {
        let terms: [String]
        let skip: Int
        let take: Int
        let prerelease: Bool
        let semVer2: Bool

        init(_ request: Request) throws {
            let q = (request.query["q"] ?? "").lowercased()
            terms = q.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { term in
                for prefix in ["id:", "packageid:"] where term.hasPrefix(prefix) { return String(term.dropFirst(prefix.count)) }
                return String(term)
            }.filter { !$0.isEmpty }
            skip = try Self.number(request, "skip", default: 0, max: NuGetSearch.skipLimit)
            take = try Self.number(request, "take", default: 20, max: NuGetSearch.takeLimit)
            prerelease = request.query["prerelease"]?.lowercased() == "true"
            semVer2 = (request.query["semVerLevel"].flatMap(NuGetVersion.parse)?.numbers.first ?? 1) >= 2
        }

        func matches(_ key: String) -> Bool { terms.allSatisfy { key.contains($0) } }

        private static func number(_ request: Request, _ name: String, default value: Int, max: Int) throws -> Int {
            guard let text = request.query[name], !text.isEmpty else { return value }
            guard let number = Int(text), number >= 0 else {
                throw ProtocolFailure(status: .badRequest, message: "\(name) must be a number from 0 to \(max).")
            }
            return min(number, max)
        }
    }

    static func answer<Context: PackageProtocolContext>(
        _ request: Request, _ context: Context, _ target: RepositoryEndpoint, path: NuGetPath
    ) throws -> Response {
        let services = try NuGetRequest.services(request, context, target)
        let repository = try services.repositorySummary(target.domain.reference, target.repository, for: .readFromRepository)
        let query = try Query(request)
        let service = PackageService(services)
        let base = target.url(for: request)
        if path == .autocomplete, let id = request.query["id"], !id.isEmpty {
            let coordinate = try NuGetRequest.coordinate(id)
            let versions = try offered(coordinate, repository, service, query).map(\.data.fullVersion)
            return json(Autocomplete(totalHits: versions.count, data: versions))
        }
        var matched: [Package] = []
        var total = 0
        try scan(service, target, limit: scanLimit) { package in
            guard query.matches(package.coordinate.key.name) else { return }
            total += 1
            if total > query.skip, matched.count < query.take * 2 + 10 { matched.append(package) }
        }
        var results: [(Package, [NuGetServedVersion])] = []
        for package in matched where results.count < query.take {
            let versions = try offered(package.coordinate, repository, service, query)
            if !versions.isEmpty { results.append((package, versions)) }
        }
        if path == .autocomplete {
            return json(Autocomplete(totalHits: total, data: results.map { $0.1.last!.data.id }))
        }
        let hub = base + (query.semVer2 ? NuGetPath.registrationSemVer2 : NuGetPath.registration)
        let data = results.map { package, versions -> Result in
            let latest = versions.last!.data
            let id = package.coordinate.key.name
            return Result(
                atId: "\(hub)\(id)/index.json", registration: "\(hub)\(id)/index.json", id: latest.id, version: latest.fullVersion, description: latest.description,
                summary: latest.summary ?? "", title: latest.title ?? latest.id, iconUrl: latest.iconURL ?? "", licenseUrl: latest.licenseURL ?? "",
                projectUrl: latest.projectURL ?? "", tags: latest.tags, authors: [latest.authors], owners: latest.owners.map { [$0] } ?? [],
                packageTypes: (latest.packageTypes.isEmpty ? ["Dependency"] : latest.packageTypes).map { PackageType(name: $0) },
                versions: versions.map { Version(version: $0.data.fullVersion, id: "\(hub)\(id)/\($0.key).json") })
        }
        return json(Results(totalHits: total, data: data))
    }

    /// Every NuGet package of the repository, in id order, at most `limit` of them.
    static func scan(_ service: PackageService, _ target: RepositoryEndpoint, limit: Int, visit: (Package) throws -> Void) throws {
        var cursor: String?
        var scanned = 0
        while scanned < limit {
            let page = try service.list(
                target.domain.reference, repository: target.repository, filter: PackageFilter(format: .nuget), after: cursor,
                limit: min(batch, limit - scanned), action: .readFromRepository)
            for package in page { try visit(package) }
            scanned += page.count
            guard page.count == batch, let last = page.last else { return }
            let key = last.coordinate.key
            cursor = "\(last.coordinate.format.rawValue)\u{1}\(key.namespace)\u{1}\(key.name)"
        }
    }

    /// The package through the repository's chain; nil when no repository of it holds the package.
    static func chain(_ coordinate: PackageCoordinate, _ repository: Repository, _ service: PackageService) throws -> PackageChainView? {
        do {
            let view = try service.chainView(from: repository, coordinate)
            return view.holders.isEmpty ? nil : view
        } catch let error as ServiceError where error.kind == .resourceNotFound {
            return nil
        }
    }

    /// The package's listed versions that the query lets through, in NuGet's order.
    static func offered(
        _ coordinate: PackageCoordinate, _ repository: Repository, _ service: PackageService, _ query: Query
    ) throws -> [NuGetServedVersion] {
        guard let view = try chain(coordinate, repository, service) else { return [] }
        return NuGetServedVersion.of(try service.chainListing(view), semVer2: query.semVer2).filter {
            $0.isListed && (query.prerelease || !$0.version.isPrerelease)
        }
    }

    static func json<T: Encodable>(_ value: T) -> Response { Response.json(.ok, NuGetJSON.encode(value)) }

    struct Autocomplete: Encodable {
        let totalHits: Int
        let data: [String]
    }

    struct Results: Encodable {
        let totalHits: Int
        let data: [Result]
    }

    struct PackageType: Encodable { let name: String }

    struct Version: Encodable {
        let version: String
        var downloads = 0
        let id: String
        enum CodingKeys: String, CodingKey { case version, downloads, id = "@id" }
    }

    struct Result: Encodable {
        /// The registration index, as `@id` and `registration` both.
        let atId: String
        var type = "Package"
        let registration: String
        let id: String
        let version: String
        let description: String
        let summary: String
        let title: String
        let iconUrl: String
        let licenseUrl: String
        let projectUrl: String
        let tags: [String]
        let authors: [String]
        let owners: [String]
        var totalDownloads = 0
        var verified = false
        let packageTypes: [PackageType]
        let versions: [Version]
        enum CodingKeys: String, CodingKey {
            case atId = "@id", type = "@type", registration, id, version, description, summary, title, iconUrl, licenseUrl, projectUrl
            case tags, authors, owners, totalDownloads, verified, packageTypes, versions
        }
    }
}
