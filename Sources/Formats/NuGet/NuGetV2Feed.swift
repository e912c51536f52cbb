import EdgeKit
import GranaryCore
import HTTP

/// The v2 OData feed at `{endpoint}v2/`, for nuget 2.x, Chocolatey and PowerShellGet 2 (which
/// CodeArtifact does not serve): the service document, `$metadata`, `Packages()`,
/// `Packages(Id='…',Version='…')`, `Search()`, `FindPackagesById()`, `GetUpdates()` (each with
/// `$filter`, `$orderby`, `$skip`, `$top` and `/$count`), the download at `package/{id}/{version}`,
/// the push (`PUT` of the root or of `package`) and `nuget delete` (unlist). The same packages,
/// statuses and chain as v3: Unlisted versions are served with `Listed=false` and nuget.org's
/// 1900 `Published` date (clients skip them unless asked for that version); SemVer 2.0.0
/// versions only with `semVerLevel=2.0.0` (nuget 2.x cannot read them).
///
/// Per-package collections read the package through the repository's chain; `Packages()` and
/// `Search()` read the repository's own packages, at most `repositoryScanLimit` of them.
enum NuGetV2Feed {
    static let pageSize = 100
    static let repositoryScanLimit = 5000

    static func get<Context: PackageProtocolContext>(_ request: Request, _ context: Context, _ path: NuGetV2Path) throws -> Response {
        let target = try NuGetRequest.endpoint(request)
        let services = try NuGetRequest.services(request, context, target)
        let repository = try services.repositorySummary(target.domain.reference, target.repository, for: .readFromRepository)
        let root = target.url(for: request) + "v2/"
        let service = PackageService(services)
        switch path {
        case .serviceDocument:
            return .bytes(.ok, contentType: NuGetV2Atom.xmlType, NuGetV2Atom.serviceDocument(root: root))
        case .metadata:
            return .bytes(.ok, contentType: NuGetV2Atom.xmlType, NuGetV2Atom.metadata)
        case .entry(let id, let version):
            let key = try NuGetRequest.version(version)
            guard let entry = try entries(of: try NuGetRequest.coordinate(id), repository, service, semVer2: true).first(where: { $0.key == key })
            else { throw ProtocolFailure(status: .notFound, message: "\(id) \(version) is not in this repository or its upstreams.") }
            return .bytes(.ok, contentType: NuGetV2Atom.entryType, NuGetV2Atom.entryDocument(entry, root: root))
        case .package(let id, let version):
            let key = try NuGetRequest.version(version)
            return try NuGetReads.download(request, context, target, id: id, version: key, file: NuGetFiles.packageFileName(id: id, version: key))
        case .collection(let collection, let count):
            let query = try Query(request)
            var found = try collect(collection, request, query, target, repository, service)
            if let filter = query.filter { found = try found.filter { try ODataParser.evaluate(filter, $0).bool } }
            if count { return .text(.ok, String(found.count)) }
            found = try sorted(found, by: query.orderBy)
            let page = Array(found.dropFirst(query.skip).prefix(query.top ?? pageSize))
            var next: String?
            if query.top == nil, found.count > query.skip + pageSize {
                next = root + collection.rawValue + "()?" + nextQuery(request, skip: query.skip + pageSize)
            }
            return .bytes(.ok, contentType: NuGetV2Atom.feedType, NuGetV2Atom.feed(
                root: root, title: collection.rawValue, entries: page, updated: NuGetV2Entry.dateTime(page.map(\.published).max() ?? 0), next: next))
        case .push:
            throw ProtocolFailure(status: .methodNotAllowed, message: "Push with PUT.")
        }
    }

    /// The collection's entries before `$filter`.
    private static func collect(
        _ collection: NuGetV2Path.Collection, _ request: Request, _ query: Query, _ target: RepositoryEndpoint, _ repository: Repository,
        _ service: PackageService
    ) throws -> [NuGetV2Entry] {
        switch collection {
        case .findPackagesById:
            guard let id = query.parameter(request, "id"), !id.isEmpty else {
                throw ProtocolFailure(status: .badRequest, message: "FindPackagesById() needs id='…'.")
            }
            guard NuSpec.isValidId(id) else { return [] }
            return try entries(of: try NuGetRequest.coordinate(id), repository, service, semVer2: query.semVer2)
        case .packages, .search:
            let term = collection == .search ? (query.parameter(request, "searchTerm") ?? "").lowercased() : ""
            let words = term.split(separator: " ").map(String.init)
            let prerelease = collection == .packages || query.parameter(request, "includePrerelease")?.lowercased() == "true"
            var out: [NuGetV2Entry] = []
            try NuGetSearch.scan(service, target, limit: repositoryScanLimit) { package in
                for entry in try entries(of: package.coordinate, repository, service, semVer2: query.semVer2)
                where (prerelease || !entry.version.isPrerelease) && matches(entry, words) && (collection == .packages || entry.listed) {
                    out.append(entry)
                }
            }
            return out
        case .getUpdates:
            let ids = (query.parameter(request, "packageIds") ?? "").split(separator: "|").map(String.init)
            let versions = (query.parameter(request, "versions") ?? "").split(separator: "|").map(String.init)
            guard ids.count == versions.count, ids.count <= 500 else {
                throw ProtocolFailure(status: .badRequest, message: "GetUpdates() needs as many packageIds as versions (at most 500).")
            }
            let prerelease = query.parameter(request, "includePrerelease")?.lowercased() == "true"
            let all = query.parameter(request, "includeAllVersions")?.lowercased() == "true"
            var out: [NuGetV2Entry] = []
            for (id, version) in zip(ids, versions) {
                guard NuSpec.isValidId(id), let current = NuGetVersion.parse(version) else { continue }
                let newer = try entries(of: try NuGetRequest.coordinate(id), repository, service, semVer2: query.semVer2).filter {
                    $0.listed && $0.version > current && (prerelease || !$0.version.isPrerelease)
                }
                out += all ? newer : newer.suffix(1)
            }
            return out
        }
    }

    /// The served versions of one package through the repository's chain.
    static func entries(of coordinate: PackageCoordinate, _ repository: Repository, _ service: PackageService, semVer2: Bool) throws -> [NuGetV2Entry] {
        guard let view = try NuGetSearch.chain(coordinate, repository, service) else { return [] }
        return NuGetV2Entry.entries(try service.chainListing(view), id: coordinate.name, semVer2: semVer2)
    }

    /// Every word of the search term in the id, title, tags or description (case-insensitive).
    private static func matches(_ entry: NuGetV2Entry, _ words: [String]) -> Bool {
        guard !words.isEmpty else { return true }
        let text = [entry.data.id, entry.data.title ?? "", entry.data.tags.joined(separator: " "), entry.data.description].joined(separator: "\n").lowercased()
        return words.allSatisfy { text.contains($0) }
    }

    /// `$orderby` (default: id, then version); `Version` keys compare as NuGet versions.
    private static func sorted(_ entries: [NuGetV2Entry], by keys: [(ODataExpression, descending: Bool)]) throws -> [NuGetV2Entry] {
        let keys = keys.isEmpty ? [(ODataExpression.property("Id"), descending: false), (.property("Version"), descending: false)] : keys
        var decorated: [(NuGetV2Entry, [ODataValue])] = []
        for entry in entries { decorated.append((entry, try keys.map { try ODataParser.evaluate($0.0, entry) })) }
        return decorated.sorted { a, b in
            for (index, key) in keys.enumerated() {
                let isVersion = key.0 == .property("Version") || key.0 == .property("NormalizedVersion")
                let (left, right) = (a.1[index], b.1[index])
                if isVersion {
                    guard a.0.version != b.0.version else { continue }
                    return key.descending ? b.0.version < a.0.version : a.0.version < b.0.version
                }
                let (l, r) = (left.string?.lowercased() ?? "", right.string?.lowercased() ?? "")
                if case .number(let x) = left, case .number(let y) = right, x != y { return key.descending ? y < x : x < y }
                guard l != r else { continue }
                return key.descending ? r < l : l < r
            }
            return false
        }.map(\.0)
    }

    private static func nextQuery(_ request: Request, skip: Int) -> String {
        let kept = request.query.items.filter { $0.name != "$skip" }.map { "\(escaped($0.name))=\(escaped($0.value))" }
        return (kept + ["$skip=\(skip)"]).joined(separator: "&")
    }

    /// A query name or value percent-encoded, OData's `$ ' ( ) ,` kept as they are.
    private static func escaped(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let c = Character(UnicodeScalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~$'(),".contains(c) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// The query options every collection takes.
    struct Query {
        let filter: ODataExpression?
        let orderBy: [(ODataExpression, descending: Bool)]
        let skip: Int
        let top: Int?
        let semVer2: Bool

        init(_ request: Request) throws {
            func option(_ name: String) -> String? { request.query[name].flatMap { $0.isEmpty ? nil : $0 } }
            filter = try Self.parsed(option("$filter"), ODataParser.filter)
            orderBy = try Self.parsed(option("$orderby"), ODataParser.orderBy) ?? []
            func number(_ name: String, max: Int) throws -> Int? {
                guard let text = option(name) else { return nil }
                guard let n = Int(text), n >= 0 else { throw ProtocolFailure(status: .badRequest, message: "\(name) must be a number from 0.") }
                return min(n, max)
            }
            skip = try number("$skip", max: 1_000_000) ?? 0
            top = try number("$top", max: NuGetV2Feed.pageSize * 10)
            semVer2 = (option("semVerLevel").flatMap(NuGetVersion.parse)?.numbers.first ?? 1) >= 2
        }

        /// A query option parsed, its NuGetError the client's 400.
        private static func parsed<T>(_ text: String?, _ parse: (String) throws(NuGetError) -> T) throws -> T? {
            guard let text else { return nil }
            do {
                return try parse(text)
            } catch {
                throw ProtocolFailure(status: .badRequest, message: error.message)
            }
        }

        /// A function parameter, quoted as OData strings are (`id='X'`) or bare (`includePrerelease=true`).
        func parameter(_ request: Request, _ name: String) -> String? {
            guard let raw = request.query[name] else { return nil }
            return NuGetV2Path.unquote(Substring(raw)) ?? raw
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
