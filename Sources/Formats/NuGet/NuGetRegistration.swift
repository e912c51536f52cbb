import FoundationEssentials
import GranaryCore

/// RegistrationsBaseUrl documents (NuGet's package metadata resource) rendered from the versions
/// Granary holds: the index, its pages and the leaves, as nuget.org shapes them. Published and
/// Unlisted versions are in them (Unlisted with `listed: false`, so an exact restore still finds
/// it); the plain `registration/` hub leaves SemVer 2 versions out, `registration-semver2/`
/// (RegistrationsBaseUrl/3.6.0) has them all. Versions go in pages of `pageSize` in NuGet's
/// order; an index of at most `inlineLimit` versions carries its pages inline, a larger one
/// links them.
struct NuGetRegistration {
    static let pageSize = 64
    static let inlineLimit = 128
    /// nuget.org's `published` for an unlisted version.
    static let unlistedPublished = "1900-01-01T00:00:00+00:00"

    typealias Entry = NuGetServedVersion

    /// `base`: the registration hub's URL (`…/v3/registration-semver2/`); `content`: the flat
    /// container's (`…/v3/flatcontainer/`).
    let base: String
    let content: String
    let id: String
    let entries: [Entry]

    init(base: String, content: String, id: String, listing: [ListedVersion], semVer2: Bool) {
        self.base = base
        self.content = content
        self.id = id.lowercased()
        entries = NuGetServedVersion.of(listing, semVer2: semVer2)
    }

    var indexURL: String { "\(base)\(id)/index.json" }
    func leafURL(_ key: String) -> String { "\(base)\(id)/\(key).json" }
    func pageURL(_ lower: String, _ upper: String) -> String { "\(base)\(id)/page/\(lower)/\(upper).json" }
    func packageContent(_ key: String) -> String { "\(content)\(id)/\(key)/\(NuGetFiles.packageFileName(id: id, version: key))" }

    var pages: [ArraySlice<Entry>] {
        stride(from: 0, to: entries.count, by: Self.pageSize).map { entries[$0..<min($0 + Self.pageSize, entries.count)] }
    }

    func index() -> [UInt8] {
        let inline = entries.count <= Self.inlineLimit
        let items = pages.map { page($0, inline: inline) }
        return NuGetJSON.encode(Index(id: indexURL, count: items.count, items: items))
    }

    /// The page whose bounds are `lower` and `upper` (the keys of its first and last version).
    func page(lower: String, upper: String) -> [UInt8]? {
        guard let slice = pages.first(where: { $0.first?.key == lower && $0.last?.key == upper }) else { return nil }
        var document = page(slice, inline: true)
        document.id = pageURL(lower, upper)
        return NuGetJSON.encode(document)
    }

    func leaf(_ key: String) -> [UInt8]? {
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        return NuGetJSON.encode(Leaf(
            id: leafURL(entry.key), catalogEntry: leafURL(entry.key), listed: entry.isListed, packageContent: packageContent(entry.key),
            published: published(entry), registration: indexURL))
    }

    private func page(_ slice: ArraySlice<Entry>, inline: Bool) -> Page {
        let lower = slice.first?.key ?? "", upper = slice.last?.key ?? ""
        return Page(
            id: inline ? "\(indexURL)#page/\(lower)/\(upper)" : pageURL(lower, upper), count: slice.count,
            items: inline ? slice.map(item) : nil, lower: lower, upper: upper, parent: indexURL)
    }

    private func item(_ entry: Entry) -> Item {
        let data = entry.data
        let groups = data.dependencyGroups.enumerated().map { index, group in
            DependencyGroup(
                id: "\(leafURL(entry.key))#dependencygroup/\(group.targetFramework?.lowercased() ?? "any")",
                targetFramework: group.targetFramework,
                dependencies: group.dependencies.map { dependency in
                    Dependency(
                        id: "\(leafURL(entry.key))#dependencygroup/\(group.targetFramework?.lowercased() ?? "any")/\(dependency.id.lowercased())",
                        packageId: dependency.id, range: dependency.range.isEmpty ? "(, )" : dependency.range,
                        registration: "\(base)\(dependency.id.lowercased())/index.json")
                })
        }
        let catalog = CatalogEntry(
            id: leafURL(entry.key), authors: data.authors, dependencyGroups: groups, description: data.description,
            iconUrl: data.iconURL ?? "", packageId: data.id, language: data.language ?? "", licenseExpression: data.licenseExpression ?? "",
            licenseUrl: data.licenseURL ?? "", listed: entry.isListed, packageContent: packageContent(entry.key),
            projectUrl: data.projectURL ?? "", published: published(entry), requireLicenseAcceptance: data.requireLicenseAcceptance,
            summary: data.summary ?? "", tags: data.tags, title: data.title ?? "", version: data.fullVersion)
        return Item(id: leafURL(entry.key), catalogEntry: catalog, packageContent: packageContent(entry.key), registration: indexURL)
    }

    private func published(_ entry: Entry) -> String {
        entry.isListed ? Timestamps.iso8601Milliseconds(entry.published) : Self.unlistedPublished
    }

    // MARK: - Wire types

    struct Index: Encodable {
        let id: String
        var type = ["catalog:CatalogRoot", "PackageRegistration", "catalog:Permalink"]
        let count: Int
        let items: [Page]
        enum CodingKeys: String, CodingKey { case id = "@id", type = "@type", count, items }
    }

    struct Page: Encodable {
        var id: String
        var type = "catalog:CatalogPage"
        let count: Int
        let items: [Item]?
        let lower: String
        let upper: String
        let parent: String
        enum CodingKeys: String, CodingKey { case id = "@id", type = "@type", count, items, lower, upper, parent }
    }

    struct Item: Encodable {
        let id: String
        var type = "Package"
        let catalogEntry: CatalogEntry
        let packageContent: String
        let registration: String
        enum CodingKeys: String, CodingKey { case id = "@id", type = "@type", catalogEntry, packageContent, registration }
    }

    struct CatalogEntry: Encodable {
        let id: String
        var type = "PackageDetails"
        let authors: String
        let dependencyGroups: [DependencyGroup]
        let description: String
        let iconUrl: String
        let packageId: String
        let language: String
        let licenseExpression: String
        let licenseUrl: String
        let listed: Bool
        let packageContent: String
        let projectUrl: String
        let published: String
        let requireLicenseAcceptance: Bool
        let summary: String
        let tags: [String]
        let title: String
        let version: String
        enum CodingKeys: String, CodingKey {
            case id = "@id", type = "@type", authors, dependencyGroups, description, iconUrl, packageId = "id", language, licenseExpression
            case licenseUrl, listed, packageContent, projectUrl, published, requireLicenseAcceptance, summary, tags, title, version
        }
    }

    struct DependencyGroup: Encodable {
        let id: String
        var type = "PackageDependencyGroup"
        let targetFramework: String?
        let dependencies: [Dependency]
        enum CodingKeys: String, CodingKey { case id = "@id", type = "@type", targetFramework, dependencies }
    }

    struct Dependency: Encodable {
        let id: String
        var type = "PackageDependency"
        let packageId: String
        let range: String
        let registration: String
        enum CodingKeys: String, CodingKey { case id = "@id", type = "@type", packageId = "id", range, registration }
    }

    struct Leaf: Encodable {
        let id: String
        var type = ["Package", "http://schema.nuget.org/catalog#Permalink"]
        let catalogEntry: String
        let listed: Bool
        let packageContent: String
        let published: String
        let registration: String
        enum CodingKeys: String, CodingKey { case id = "@id", type = "@type", catalogEntry, listed, packageContent, published, registration }
    }
}
