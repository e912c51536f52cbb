import GranaryCore
import Testing

/// The format registry is the one table every switch on the format reads: it covers every format
/// of CodeArtifact's model once, its connection names have default registries, and the rules it
/// states are the ones the model applies.
@Suite struct FormatRegistryTests {
    @Test func everyFormatHasExactlyOneEntry() {
        #expect(FormatRegistry.all.map(\.format).sorted { $0.rawValue < $1.rawValue }
            == PackageFormat.allCases.sorted { $0.rawValue < $1.rawValue })
        for format in PackageFormat.allCases { #expect(format.rules.format == format) }
    }

    @Test func everyPublicConnectionHasADefaultRegistryAndOneFormat() {
        let names = FormatRegistry.all.flatMap(\.publicConnections)
        #expect(Set(names).count == names.count)
        #expect(Set(names) == Set(ExternalRegistries.publicURLs.keys))
        #expect(ExternalConnection.known["public:pypi"] == .pypi && ExternalConnection.known["public:npmjs"] == .npm)
        #expect(ExternalConnection.known["public:maven-clojars"] == .maven)
    }

    @Test func keysPackageGroupsAndDefinedConnectionsReadTheSameRules() {
        for rules in FormatRegistry.all {
            let coordinate = PackageCoordinate(format: rules.format, namespace: "Acme.NS", name: "My_Package.Name")
            #expect(coordinate.key.name == PackageGroupPattern.normalize(name: "My_Package.Name", rules.format))
            if rules.namespaces != .none {
                #expect(coordinate.key.namespace == PackageGroupPattern.normalize(namespace: "Acme.NS", rules.format))
            } else {
                #expect(coordinate.key.namespace == "")
            }
        }
        #expect(ExternalConnectionDefinition.supportedFormats == FormatRegistry.all.filter(\.fetchesUpstream).map(\.format)
            .sorted { $0.rawValue < $1.rawValue })
    }

    @Test(arguments: [
        (PackageFormat.pypi, "Re_Quests..X", "re-quests-x"), (.npm, "JSONStream", "JSONStream"), (.nuget, "Newtonsoft.Json", "newtonsoft.json"),
        (.swift, "Swift-NIO", "swift-nio"), (.generic, "Notes", "Notes"), (.maven, "Guava", "Guava"),
    ])
    func namesNormalizeAsCodeArtifactStoresThem(_ format: PackageFormat, _ name: String, _ stored: String) {
        #expect(PackageCoordinate(format: format, namespace: nil, name: name).key.name == stored)
    }

    @Test func downloadRules() throws {
        let version = { (status: PackageVersionStatus) in
            PackageVersion(
                id: 1, packageId: 1, version: "1.0", status: status, revision: "r", originType: .internal, originRepository: nil,
                originExternalConnection: nil, publishedTime: 0, metadata: VersionMetadata())
        }
        for format in [PackageFormat.pypi, .npm, .generic] {
            try version(.published).checkDownloadable(format, package: "p")
            try version(.unlisted).checkDownloadable(format, package: "p")
            #expect(throws: ServiceError.self) { try version(.archived).checkDownloadable(format, package: "p") }
            #expect(throws: ServiceError.self) { try version(.disposed).checkDownloadable(format, package: "p") }
        }
        try version(.unfinished).checkDownloadable(.generic, package: "p")
        #expect(throws: ServiceError.self) { try version(.unfinished).checkDownloadable(.pypi, package: "p") }
    }
}
