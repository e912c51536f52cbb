import FormatKit
import GranaryCore

/// What Granary reads from a POM (`pom.xml` as deployed, `{artifactId}-{version}.pom`): the
/// coordinates (groupId and version inherited from `<parent>` where omitted), packaging, and the
/// version's metadata: name, description, URL, licenses, SCM URL and dependencies (with scope and
/// optional) for DescribePackageVersion and ListPackageVersionDependencies. The POM is hostile
/// input: FormatKit's bounded XML reader (no DTD, no entities, depth and size limits).
struct MavenPOM: Equatable, Sendable {
    let groupId: String
    let artifactId: String
    let version: String
    let packaging: String
    let metadata: VersionMetadata

    /// POMs are kilobytes; a megabyte is far more than any real one.
    static let limits: XMLLimits = {
        var limits = XMLLimits()
        limits.maxBytes = 1 << 20
        limits.maxDepth = 32
        limits.maxElements = 20_000
        return limits
    }()

    static func parse(_ bytes: [UInt8]) throws(MavenError) -> MavenPOM {
        let root = try MavenXML.root(bytes, named: "project", document: "The POM", limits: limits)
        let parent = root.child("parent")
        guard let artifactId = root.value("artifactId"), !artifactId.isEmpty else {
            throw MavenError(.mismatch, "The POM has no artifactId.")
        }
        guard let groupId = nonEmpty(root.value("groupId")) ?? nonEmpty(parent?.value("groupId")) else {
            throw MavenError(.mismatch, "The POM has no groupId (nor a parent's).")
        }
        guard let version = nonEmpty(root.value("version")) ?? nonEmpty(parent?.value("version")) else {
            throw MavenError(.mismatch, "The POM has no version (nor a parent's).")
        }
        let licenses = root.child("licenses")?.children("license").compactMap { license -> License? in
            guard let name = nonEmpty(license.value("name")) else { return nil }
            return License(name: String(name.prefix(255)), url: nonEmpty(license.value("url")).map { String($0.prefix(2048)) })
        } ?? []
        // CodeArtifact's dependencyType for Maven: the scope (compile, runtime, test, provided,
        // system), `optional` for an optional dependency, `parent` for the parent POM.
        var dependencies = root.child("dependencies")?.children("dependency").compactMap { dependency -> Dependency? in
            guard let artifact = nonEmpty(dependency.value("artifactId")) else { return nil }
            let type = dependency.value("optional") == "true" ? "optional" : nonEmpty(dependency.value("scope")) ?? "compile"
            return Dependency(
                namespace: nonEmpty(dependency.value("groupId")), package: artifact, dependencyType: type,
                versionRequirement: nonEmpty(dependency.value("version")))
        } ?? []
        if let parent, let parentArtifact = nonEmpty(parent.value("artifactId")) {
            dependencies.insert(
                Dependency(
                    namespace: nonEmpty(parent.value("groupId")), package: parentArtifact, dependencyType: "parent",
                    versionRequirement: nonEmpty(parent.value("version"))), at: 0)
        }
        let metadata = VersionMetadata(
            displayName: nonEmpty(root.value("name")).map { String($0.prefix(255)) },
            summary: nonEmpty(root.value("description")).map { String($0.prefix(4096)) },
            homePage: nonEmpty(root.value("url")).map { String($0.prefix(2048)) },
            sourceCodeRepository: nonEmpty(root.child("scm")?.value("url")).map { String($0.prefix(2048)) },
            licenses: Array(licenses.prefix(50)), dependencies: Array(dependencies.prefix(1000)))
        return MavenPOM(
            groupId: groupId, artifactId: artifactId, version: version, packaging: nonEmpty(root.value("packaging")) ?? "jar", metadata: metadata)
    }

    /// The POM must describe the artifact and version its path names (what mvn deployed).
    func check(_ artifact: MavenArtifact, version expected: String) throws(MavenError) {
        guard groupId == artifact.groupId, artifactId == artifact.artifactId, version == expected else {
            throw MavenError(
                .mismatch, "The POM describes \(groupId):\(artifactId):\(version), but its path is \(artifact):\(expected).")
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
