/// What a NuGet URL names after the repository endpoint (`/d/{domain}-{owner}/nuget/{repo}/`):
/// the v3 resources Granary's service index lists.
enum NuGetPath: Equatable {
    case serviceIndex
    /// PackageBaseAddress/3.0.0: `v3/flatcontainer/{id}/index.json`, `…/{id}/{version}/{id}.{version}.nupkg`,
    /// `…/{id}/{version}/{id}.nuspec` (id and version lower-cased by clients).
    case flatIndex(id: String)
    case nupkg(id: String, version: String, file: String)
    case nuspec(id: String, version: String)
    /// RegistrationsBaseUrl: `v3/registration[-semver2]/{id}/index.json`, its pages and leaves.
    case registrationIndex(id: String, semVer2: Bool)
    case registrationPage(id: String, semVer2: Bool, lower: String, upper: String)
    case registrationLeaf(id: String, semVer2: Bool, version: String)
    case search
    case autocomplete
    /// PackagePublish/2.0.0: `PUT v3/package`; `DELETE`/`POST v3/package/{id}/{version}`.
    case publish
    case publishedVersion(id: String, version: String)
    case symbolPublish

    static let flatContainer = "v3/flatcontainer/"
    static let registration = "v3/registration/"
    static let registrationSemVer2 = "v3/registration-semver2/"

    init?(_ path: String) {
        let s = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard s.first == "v3", !s.contains(""), !s.contains(".."), !s.contains(".") else { return nil }
        switch (s.count, s.count > 1 ? s[1] : "") {
        case (2, "index.json"): self = .serviceIndex
        case (2, "query"): self = .search
        case (2, "autocomplete"): self = .autocomplete
        case (2, "package"): self = .publish
        case (2, "symbolpackage"): self = .symbolPublish
        case (4, "package"): self = .publishedVersion(id: s[2], version: s[3])
        case (4, "flatcontainer") where s[3] == "index.json": self = .flatIndex(id: s[2])
        case (5, "flatcontainer"):
            let (id, version, file) = (s[2], s[3], s[4])
            if file.lowercased() == "\(id.lowercased()).nuspec" {
                self = .nuspec(id: id, version: version)
            } else if file.lowercased().hasSuffix(".nupkg") {
                self = .nupkg(id: id, version: version, file: file)
            } else {
                return nil
            }
        case (4, "registration"), (4, "registration-semver2"):
            let semVer2 = s[1] == "registration-semver2"
            if s[3] == "index.json" {
                self = .registrationIndex(id: s[2], semVer2: semVer2)
            } else if s[3].hasSuffix(".json") {
                self = .registrationLeaf(id: s[2], semVer2: semVer2, version: String(s[3].dropLast(5)))
            } else {
                return nil
            }
        case (6, let kind) where (kind == "registration" || kind == "registration-semver2") && s[3] == "page" && s[5].hasSuffix(".json"):
            self = .registrationPage(id: s[2], semVer2: s[1] == "registration-semver2", lower: s[4], upper: String(s[5].dropLast(5)))
        default:
            return nil
        }
    }
}
