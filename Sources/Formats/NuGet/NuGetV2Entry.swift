import FoundationEssentials
import GranaryCore
import GranaryCrypto

/// One package version as the v2 feed shows it (NuGetGallery's `V2FeedPackage` properties), and
/// what `$filter` and `$orderby` read of it.
struct NuGetV2Entry: ODataRecord {
    let key: String
    let version: NuGetVersion
    let data: NuGetVersionData
    let listed: Bool
    let published: Double
    let isLatest: Bool
    let isAbsoluteLatest: Bool
    let size: Int
    /// Base64 SHA-512 of the .nupkg.
    let hash: String

    /// The served versions of one package (Published and Unlisted), with the latest flags computed
    /// over its listed ones. `semVer2`: include SemVer 2.0.0 versions (nuget 2.x refuses them).
    static func entries(_ listing: [ListedVersion], id: String, semVer2: Bool) -> [NuGetV2Entry] {
        let file = { (key: String) in NuGetFiles.packageFileName(id: id, version: key) }
        let parsed = listing.compactMap { listed -> (ListedVersion, NuGetVersion, NuGetVersionData, ListedAsset)? in
            guard listed.isServed, let data = NuGetVersionData.decode(listed.formatData), semVer2 || !data.isSemVer2,
                let version = NuGetVersion.parse(data.version), let asset = listed.assets.first(where: { $0.name == file(listed.version) })
            else { return nil }
            return (listed, version, data, asset)
        }.sorted { $0.1 < $1.1 }
        let listedVersions = parsed.filter { $0.0.isListed }.map(\.1)
        let latest = listedVersions.last(where: { !$0.isPrerelease })
        let absoluteLatest = listedVersions.last
        return parsed.map { listed, version, data, asset in
            NuGetV2Entry(
                key: listed.version, version: version, data: data, listed: listed.isListed, published: listed.publishedTime,
                isLatest: listed.isListed && version == latest, isAbsoluteLatest: listed.isListed && version == absoluteLatest,
                size: asset.blob.size, hash: Data(Hex.decode(asset.blob.sha512) ?? []).base64EncodedString())
        }
    }

    /// `id:range:framework|…`, a group without dependencies as `::framework` (what nuget 2.x parses).
    var dependencies: String {
        data.dependencyGroups.flatMap { group -> [String] in
            let framework = group.targetFramework ?? ""
            guard !group.dependencies.isEmpty else { return ["::\(framework)"] }
            return group.dependencies.map { "\($0.id):\($0.range):\(framework)" }
        }.joined(separator: "|")
    }

    /// Edm.DateTime as the feed writes it (UTC, no offset); nuget.org's date for unlisted versions.
    var publishedText: String { listed ? Self.dateTime(published) : "1900-01-01T00:00:00" }
    var createdText: String { Self.dateTime(published) }

    static func dateTime(_ epoch: Double) -> String {
        String(Timestamps.iso8601Milliseconds(epoch).dropLast(epoch > 0 ? 1 : 0))
    }

    func value(of property: String) -> ODataValue? {
        switch property {
        case "Id": .string(data.id)
        case "Version": .string(data.version)
        case "NormalizedVersion": .string(data.version)
        case "Title": .string(data.title ?? data.id)
        case "Description": .string(data.description)
        case "Summary": data.summary.map(ODataValue.string) ?? .null
        case "Tags": .string(data.tags.joined(separator: " "))
        case "Authors": .string(data.authors)
        case "IsLatestVersion": .bool(isLatest)
        case "IsAbsoluteLatestVersion": .bool(isAbsoluteLatest)
        case "IsPrerelease": .bool(version.isPrerelease)
        case "Listed": .bool(listed)
        case "DownloadCount", "VersionDownloadCount": .number(0)
        case "Published": .string(publishedText)
        case "Created", "LastUpdated": .string(createdText)
        case "PackageSize": .number(size)
        case "RequireLicenseAcceptance": .bool(data.requireLicenseAcceptance)
        case "ProjectUrl": data.projectURL.map(ODataValue.string) ?? .null
        case "LicenseUrl": data.licenseURL.map(ODataValue.string) ?? .null
        case "IconUrl": data.iconURL.map(ODataValue.string) ?? .null
        case "Language": data.language.map(ODataValue.string) ?? .null
        case "Dependencies": .string(dependencies)
        default: nil
        }
    }
}
