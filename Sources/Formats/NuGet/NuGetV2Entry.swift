import FoundationEssentials
import GranaryCore
import GranaryCrypto

/// One package version as the v2 feed shows it (NuGetGallery's `V2FeedPackage` properties), and
/// what `$filter` and `$orderby` read of it.
struct NuGetV2Entry: ODataRecord {
    let served: NuGetServedVersion
    let isLatest: Bool
    let isAbsoluteLatest: Bool
    let size: Int
    /// Base64 SHA-512 of the .nupkg.
    let hash: String

    var key: String { served.key }
    var version: NuGetVersion { served.version }
    var data: NuGetVersionData { served.data }
    var listed: Bool { served.isListed }
    var published: Double { served.published }

    /// The served versions of one package (Published and Unlisted) that hold their .nupkg, with
    /// the latest flags computed over the listed ones. `semVer2`: include SemVer 2.0.0 versions
    /// (nuget 2.x refuses them).
    static func entries(_ listing: [ListedVersion], id: String, semVer2: Bool) -> [NuGetV2Entry] {
        let withFiles = NuGetServedVersion.of(listing, semVer2: semVer2).compactMap { served -> (NuGetServedVersion, ListedAsset)? in
            let file = NuGetFiles.packageFileName(id: id, version: served.key)
            return served.listed.assets.first(where: { $0.name == file }).map { (served, $0) }
        }
        let listedVersions = withFiles.map(\.0).filter(\.isListed).map(\.version)
        let latest = listedVersions.last(where: { !$0.isPrerelease })
        let absoluteLatest = listedVersions.last
        return withFiles.map { served, asset in
            NuGetV2Entry(
                served: served, isLatest: served.isListed && served.version == latest,
                isAbsoluteLatest: served.isListed && served.version == absoluteLatest, size: asset.blob.size,
                hash: Data(Hex.decode(asset.blob.sha512) ?? []).base64EncodedString())
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
