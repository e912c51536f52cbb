import GranaryCore

/// A version of a package as every NuGet document reads it (flat container, registrations,
/// search, the v2 feed): served (Published or Unlisted), with the data its push recorded, in
/// NuGet's order.
struct NuGetServedVersion {
    let listed: ListedVersion
    let version: NuGetVersion
    let data: NuGetVersionData

    /// The stored version (`NuGetVersion.key`): what paths name.
    var key: String { listed.version }
    /// Offered by listings and search (Published); an Unlisted one is served by exact version only.
    var isListed: Bool { listed.isListed }
    var published: Double { listed.publishedTime }

    /// The served versions of `listing`, SemVer 2.0.0 ones only with `semVer2`.
    static func of(_ listing: [ListedVersion], semVer2: Bool) -> [NuGetServedVersion] {
        listing.compactMap { listed -> NuGetServedVersion? in
            guard listed.isServed, let data = NuGetVersionData.decode(listed.formatData), semVer2 || !data.isSemVer2,
                let version = NuGetVersion.parse(data.version)
            else { return nil }
            return NuGetServedVersion(listed: listed, version: version, data: data)
        }.sorted { $0.version < $1.version }
    }
}
