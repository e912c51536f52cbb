import FoundationEssentials
import GranaryCore
import Testing

@Suite struct NameRuleTests {
    @Test(arguments: ["ab", "my-domain", "a1", String(repeating: "a", count: 50)])
    func validDomainNames(_ name: String) { #expect(Names.isDomainName(name)) }

    @Test(arguments: ["a", "My-domain", "1abc", "abc-", "a_b", String(repeating: "a", count: 51), "dömain"])
    func invalidDomainNames(_ name: String) { #expect(!Names.isDomainName(name)) }

    @Test func repositoryAndConnectionNames() {
        #expect(Names.isRepositoryName("My.repo_1-x"))
        #expect(!Names.isRepositoryName("-repo"))
        #expect(!Names.isRepositoryName("r"))
        #expect(!Names.isRepositoryName("repo/x"))
        #expect(Names.isExternalConnectionName("public:npmjs"))
        #expect(!Names.isRepositoryName("public:npmjs"))
    }

    @Test func packageTokensAndPrintables() {
        #expect(Names.isPackageToken("@scope"))
        #expect(Names.isPackageToken("1.0.0-beta+build"))
        #expect(!Names.isPackageToken("a/b"))
        #expect(!Names.isPackageToken("a b"))
        #expect(!Names.isPackageToken("a#b"))
        #expect(Names.isPrintable("Grüße, 世界", length: 0...1000))
        #expect(!Names.isPrintable("tab\there", length: 0...1000))
    }

    @Test func tagRules() throws {
        try Tag.validate([Tag(key: "team", value: "")])
        #expect(throws: ServiceError.self) { try Tag.validate([Tag(key: "aws:x", value: "1")]) }
        #expect(throws: ServiceError.self) { try Tag.validate([Tag(key: "a", value: "1"), Tag(key: "a", value: "2")]) }
        #expect(throws: ServiceError.self) { try Tag.validate([Tag(key: "", value: "1")]) }
    }
}

@Suite struct ARNTests {
    @Test func buildsAndParsesResources() {
        let domain = ARN.domain(region: "eu-west-1", owner: "123456789012", name: "d")
        #expect(domain == "arn:aws:codeartifact:eu-west-1:123456789012:domain/d")
        #expect(ARN.parseResource(domain, region: "eu-west-1") == .domain(owner: "123456789012", name: "d"))
        let repository = ARN.repository(region: "eu-west-1", owner: "123456789012", domain: "d", repository: "r")
        #expect(ARN.parseResource(repository, region: "eu-west-1") == .repository(owner: "123456789012", domain: "d", name: "r"))
        #expect(ARN.parseResource(domain, region: "us-east-1") == nil)
        #expect(ARN.parseResource("arn:aws:codeartifact:eu-west-1:123:domain/d", region: "eu-west-1") == nil)
        #expect(ARN.parseResource("arn:aws:s3:::bucket", region: "eu-west-1") == nil)
    }

    @Test func packageARN() {
        let coordinate = PackageCoordinate(format: .npm, namespace: "scope", name: "pkg")
        #expect(coordinate.arn(region: "us-east-1", owner: "123456789012", domain: "d", repository: "r")
            == "arn:aws:codeartifact:us-east-1:123456789012:package/d/r/npm/scope/pkg")
        #expect(PackageCoordinate(format: .generic, namespace: "", name: "x").namespace == nil)
    }

    /// Every spelling that finds a package is authorized as the one ARN of its normalized name.
    @Test func packageARNCarriesTheNormalizedName() {
        let arn = { (format: PackageFormat, namespace: String?, name: String) in
            PackageCoordinate(format: format, namespace: namespace, name: name).arn(
                region: "us-east-1", owner: "123456789012", domain: "d", repository: "r")
        }
        let pypi = "arn:aws:codeartifact:us-east-1:123456789012:package/d/r/pypi//re-quests"
        #expect(arn(.pypi, nil, "Re_Quests") == pypi)
        #expect(arn(.pypi, nil, "re..quests") == pypi)
        #expect(arn(.npm, "acme", "JSONStream") == "arn:aws:codeartifact:us-east-1:123456789012:package/d/r/npm/acme/JSONStream")
        #expect(arn(.swift, "Apple", "Swift-NIO") == "arn:aws:codeartifact:us-east-1:123456789012:package/d/r/swift/apple/swift-nio")
        #expect(arn(.nuget, nil, "Newtonsoft.Json") == "arn:aws:codeartifact:us-east-1:123456789012:package/d/r/nuget//newtonsoft.json")
        #expect(arn(.generic, "NS", "Notes") == "arn:aws:codeartifact:us-east-1:123456789012:package/d/r/generic/NS/Notes")
    }

    @Test func normalizedKeys() {
        #expect(PackageCoordinate(format: .pypi, namespace: nil, name: "Foo.Bar__baz").key.name == "foo-bar-baz")
        #expect(PackageCoordinate(format: .nuget, namespace: nil, name: "Newtonsoft.Json").key.name == "newtonsoft.json")
        #expect(PackageCoordinate(format: .generic, namespace: "NS", name: "Pkg").key == ("NS", "Pkg"))
    }
}

@Suite struct UpstreamGraphTests {
    @Test func detectsCycles() {
        // 1 → 2 → 3; making 3's upstream 1 closes a cycle; 4 is unrelated.
        let graph: [Int64: [Int64]] = [1: [2], 2: [3], 3: [], 4: []]
        #expect(UpstreamGraph.reaches(graph, from: [1], target: 3))
        #expect(!UpstreamGraph.reaches(graph, from: [4], target: 3))
        #expect(!UpstreamGraph.reaches(graph, from: [], target: 1))
        let cyclic: [Int64: [Int64]] = [1: [2], 2: [1]]
        #expect(!UpstreamGraph.reaches(cyclic, from: [1], target: 9))  // terminates on an existing cycle
    }
}

@Suite struct EventTests {
    @Test func eventBridgeShape() throws {
        let repository = Repository(
            id: 1, domainId: 7, domainName: "d", domainOwner: "123456789012", name: "r", administratorAccount: "123456789012",
            description: nil, createdTime: 0)
        let event = PackageVersionEvent(
            region: "us-east-1", repository: repository, coordinate: PackageCoordinate(format: .generic, namespace: nil, name: "p"),
            version: "1.0", state: .published, revision: "rev", operation: .created, changes: .init(assetsAdded: 2, statusChanged: true),
            time: Date(timeIntervalSince1970: 1_795_785_592))
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(try event.json(sequenceNumber: 3).utf8))
        #expect(json["detail-type"]?.stringValue == "CodeArtifact Package Version State Change")
        #expect(json["source"]?.stringValue == "aws.codeartifact")
        #expect(json["account"]?.stringValue == "123456789012")
        #expect(json["time"]?.stringValue == "2026-11-27T13:19:52Z")
        #expect(json["resources"] == .array([.string("arn:aws:codeartifact:us-east-1:123456789012:package/d/r/generic//p")]))
        let detail = json["detail"]
        #expect(detail?["packageNamespace"] == .null)
        #expect(detail?["packageVersionState"]?.stringValue == "Published")
        #expect(detail?["operationType"]?.stringValue == "Created")
        #expect(detail?["eventDeduplicationId"]?.stringValue == event.id)
        #expect(detail?["changes"]?["assetsAdded"] == .number(2))
        #expect(detail?["changes"]?["assetsUpdated"] == .number(0))
        #expect(detail?["sequenceNumber"] == .number(3))
        #expect(detail?["repositoryAdministrator"]?.stringValue == "123456789012")
    }
}
