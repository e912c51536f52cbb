import FoundationEssentials
import GranaryCore

/// What Granary keeps of a pushed package's .nuspec (the version's format data, JSON): what the
/// registration leaves, search results and the v2 feed show, and the .nuspec itself, which the
/// flat container serves as it was pushed.
struct NuGetVersionData: Codable, Sendable, Equatable {
    var id: String
    /// Normalized, in the pushed case (the stored version is lower-cased: `NuGetVersion.key`).
    var version: String
    /// With build metadata when it had some (SemVer 2's `version`).
    var fullVersion: String
    var isSemVer2: Bool
    var title: String?
    var authors: String
    var owners: String?
    var description: String
    var summary: String?
    var releaseNotes: String?
    var copyright: String?
    var language: String?
    var tags: [String]
    var projectURL: String?
    var iconURL: String?
    var licenseURL: String?
    var licenseExpression: String?
    var licenseFile: String?
    var requireLicenseAcceptance: Bool
    var dependencyGroups: [NuSpec.DependencyGroup]
    var packageTypes: [String]
    var repositoryURL: String?
    var nuspec: String

    init(_ spec: NuSpec, nuspecBytes: [UInt8]) {
        id = spec.id
        version = spec.version.normalized
        fullVersion = spec.version.full
        // A dependency range naming a SemVer 2 version makes the package SemVer 2 too (nuget.org's rule).
        isSemVer2 = spec.version.isSemVer2 || spec.dependencyGroups.contains { group in
            group.dependencies.contains { NuGetVersionData.rangeIsSemVer2($0.range) }
        }
        title = spec.title
        authors = spec.authors
        owners = spec.owners
        description = spec.description
        summary = spec.summary
        releaseNotes = spec.releaseNotes
        copyright = spec.copyright
        language = spec.language
        tags = spec.tags
        projectURL = spec.projectURL
        iconURL = spec.iconURL
        licenseURL = spec.licenseURL
        licenseExpression = spec.licenseExpression
        licenseFile = spec.licenseFile
        requireLicenseAcceptance = spec.requireLicenseAcceptance
        dependencyGroups = spec.dependencyGroups
        packageTypes = spec.packageTypes
        repositoryURL = spec.repositoryURL
        nuspec = String(decoding: nuspecBytes, as: UTF8.self)
    }

    static func rangeIsSemVer2(_ range: String) -> Bool {
        range.split(whereSeparator: { "[](), ".contains($0) }).contains { NuGetVersion.parse(String($0))?.isSemVer2 == true }
    }

    var encoded: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }

    static func decode(_ text: String?) -> NuGetVersionData? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(NuGetVersionData.self, from: Data(text.utf8))
    }

    /// The control plane's view (DescribePackageVersion, ListPackageVersionDependencies,
    /// GetPackageVersionReadme).
    func versionMetadata(readme: String?) -> VersionMetadata {
        var licenses: [License] = []
        if let expression = licenseExpression { licenses.append(License(name: expression, url: licenseURL)) }
        else if let url = licenseURL { licenses.append(License(name: licenseFile, url: url)) }
        else if let file = licenseFile { licenses.append(License(name: file, url: nil)) }
        var seen = Set<String>()
        var dependencies: [Dependency] = []
        for group in dependencyGroups {
            for dependency in group.dependencies where seen.insert("\(group.targetFramework ?? "")\u{0}\(dependency.id.lowercased())").inserted {
                dependencies.append(Dependency(
                    namespace: nil, package: dependency.id, dependencyType: group.targetFramework ?? "",
                    versionRequirement: dependency.range))
            }
        }
        return VersionMetadata(
            displayName: title ?? id, summary: summary ?? String(description.prefix(1000)), homePage: projectURL,
            sourceCodeRepository: repositoryURL, licenses: licenses, readme: readme, dependencies: dependencies)
    }
}
