import GranaryCore
import Testing

/// Package group patterns as CodeArtifact's "Package group definition syntax and matching
/// behavior" describes them: syntax, normalization, matching (strong and weak), specificity, parents.
@Suite struct PackageGroupPatternTests {
    static func pattern(_ text: String) throws -> PackageGroupPattern { try PackageGroupPattern.parse(text) }

    static func package(_ format: PackageFormat, _ namespace: String?, _ name: String) -> PackageCoordinate {
        PackageCoordinate(format: format, namespace: namespace, name: name)
    }

    // MARK: syntax

    @Test(arguments: [
        "/*", "/npm/*", "/maven/com.anycompany~", "/npm/space/*", "/npm/space/anycompany-ui~",
        "/maven/org.apache.logging.log4j/log4j-core$", "/pypi//requests$", "/pypi//*", "/pypi/*", "/npm//react$",
        "/nuget//newtonsoft~", "/npm/space/anycompany-*", "/generic/ns/*", "/maven/com.anycompany.*", "/npm/sp*",
        "/swift/apple/swift-nio$", "/cargo//serde~", "/ruby//rails$", "/npm/@types/node$",
    ])
    func validPatterns(_ text: String) throws {
        let parsed = try Self.pattern(text)
        #expect(parsed.text == text)
    }

    @Test(arguments: [
        ("", "2-520"), ("/", "2-520"), ("npm/*", "starts with '/'"), ("/npm", "ends with"), ("/npm/", "ends with"),
        ("/NPM/*", "package format"), ("/foo/*", "package format"), ("//*", "package format"), ("/*/", "package format"),
        ("/npm/space", "ends with"), ("/npm/space$", "'$' ends a package name"), ("/npm/space/foo-~", "'~' must follow"),
        ("/npm/space/~", "'~' must follow"), ("/npm/space/$", "'$' must follow"), ("/npm/sp*ce/*", "cannot appear"),
        ("/npm/space/f*o$", "may only appear once"), ("/npm/a/b/c$", "at most three components"), ("/pypi/ns/requests$", "no namespace"),
        ("/pypi/req~", "no namespace"), ("/maven//log4j$", "must name its namespace"), ("/generic//*", "must name its namespace"),
        ("/npm/space/foo bar$", "white space"), ("/npm/space/foo\u{7}$", "control"), ("/npm/a#b/*", "cannot appear"),
    ])
    func invalidPatterns(_ text: String, _ reason: String) {
        do {
            _ = try Self.pattern(text)
            Issue.record("\(text) parsed")
        } catch let error as ServiceError {
            #expect(error.kind == .validation)
            #expect(error.message.contains(reason), "\(error.message)")
            #expect(error.message.hasPrefix("Invalid package group pattern"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func lengthLimits() throws {
        let long = "/generic/" + String(repeating: "n", count: 255) + "/" + String(repeating: "x", count: 250) + "$"
        #expect(long.count <= 520)
        _ = try Self.pattern(long)
        #expect(throws: ServiceError.self) { try Self.pattern("/npm/" + String(repeating: "n", count: 256) + "~") }
        #expect(throws: ServiceError.self) { try Self.pattern("/npm/*" + String(repeating: "x", count: 520)) }
    }

    @Test func normalizationMakesTheKey() throws {
        #expect(try Self.pattern("/pypi//My_Package.Name$").key == "/pypi//my-package-name$")
        #expect(try Self.pattern("/nuget//Newtonsoft.Json$").key == "/nuget//newtonsoft.json$")
        #expect(try Self.pattern("/swift/Apple/Swift-NIO$").key == "/swift/apple/swift-nio$")
        // npm and Maven are case sensitive: different groups.
        #expect(try Self.pattern("/npm//AsyncStorage$").key == "/npm//AsyncStorage$")
        #expect(try Self.pattern("/npm//AsyncStorage$") != Self.pattern("/npm//asyncstorage$"))
        #expect(try Self.pattern("/pypi//Requests$") == Self.pattern("/pypi//requests$"))
        #expect(try Self.pattern("/*").isRoot && !Self.pattern("/npm/*").isRoot)
    }

    @Test func arnsEncodeThePattern() throws {
        let arn = try Self.pattern("/npm/space/*").arn(region: "us-east-1", owner: "111122223333", domain: "d")
        #expect(arn == "arn:aws:codeartifact:us-east-1:111122223333:package-group/d/npm/space/%2a")
        #expect(try Self.pattern("/maven/org.x/y$").arn(region: "r", owner: "111122223333", domain: "d").hasSuffix("package-group/d/maven/org.x/y%24"))
        #expect(try Self.pattern("/npm/any~").arn(region: "r", owner: "111122223333", domain: "d").hasSuffix("package-group/d/npm/any~"))
        #expect(PackageGroupPattern.root.arn(region: "r", owner: "111122223333", domain: "d").hasSuffix(":package-group/d/%2a"))
    }

    @Test func arnsParseBackToTheirPattern() throws {
        for text in ["/*", "/npm/space/*", "/maven/org.x/y$", "/npm/any~", "/pypi//team-*", "/npm/@sc%pe/x$"] {
            let arn = try Self.pattern(text).arn(region: "r", owner: "111122223333", domain: "d")
            #expect(ARN.parseResource(arn, region: "r") == .packageGroup(owner: "111122223333", domain: "d", pattern: text), "\(arn)")
        }
        // Upper-case hex, and characters encoded that need not be, decode too.
        #expect(
            ARN.parseResource("arn:aws:codeartifact:r:111122223333:package-group/d/npm/%73pace/%2A", region: "r")
                == .packageGroup(owner: "111122223333", domain: "d", pattern: "/npm/space/*"))
        for bad in ["package-group/d", "package-group/d/npm/%2", "package-group/d/npm/%zz", "package-group/d/npm/%ff"] {
            #expect(ARN.parseResource("arn:aws:codeartifact:r:111122223333:" + bad, region: "r") == nil, "\(bad)")
        }
    }

    // MARK: matching

    @Test func suffixesMatchAsDocumented() throws {
        let npm = Self.package(.npm, "space", "anycompany-ui-components")
        #expect(PackageGroupMatcher.match(try Self.pattern("/*"), npm) == .strong)
        #expect(PackageGroupMatcher.match(try Self.pattern("/npm/*"), npm) == .strong)
        #expect(PackageGroupMatcher.match(try Self.pattern("/pypi/*"), npm) == nil)
        #expect(PackageGroupMatcher.match(try Self.pattern("/npm/space/*"), npm) == .strong)
        #expect(PackageGroupMatcher.match(try Self.pattern("/npm/spac~"), npm) == nil, "word boundary")
        #expect(PackageGroupMatcher.match(try Self.pattern("/npm/spac*"), npm) == .strong, "plain prefix")
        #expect(PackageGroupMatcher.match(try Self.pattern("/npm/space~"), npm) == .strong)
        #expect(PackageGroupMatcher.match(try Self.pattern("/npm/space/anycompany-ui~"), npm) == .strong)
        #expect(PackageGroupMatcher.match(try Self.pattern("/npm/space/anycompany-ui-components$"), npm) == .strong)
        #expect(PackageGroupMatcher.match(try Self.pattern("/npm/space/anycompany$"), npm) == nil)
        #expect(PackageGroupMatcher.match(try Self.pattern("/npm//anycompany-ui-components$"), npm) == nil, "blank namespace")
        // The documented word-boundary example.
        let foo = try Self.pattern("/npm/space/foo~")
        #expect(PackageGroupMatcher.match(foo, Self.package(.npm, "space", "foo")) == .strong)
        #expect(PackageGroupMatcher.match(foo, Self.package(.npm, "space", "foo-bar")) == .strong)
        #expect(PackageGroupMatcher.match(foo, Self.package(.npm, "space", "food")) == nil)
        #expect(PackageGroupMatcher.match(foo, Self.package(.npm, "space", "foot")) == nil)
        // Marks continue a word: "café" does not end at "caf".
        #expect(PackageGroupMatcher.match(try Self.pattern("/npm//cafe~"), Self.package(.npm, nil, "cafe\u{301}")) == nil)
    }

    @Test func weakMatchesAreVariations() throws {
        let group = try Self.pattern("/npm//AsyncStorage$")
        #expect(PackageGroupMatcher.match(group, Self.package(.npm, nil, "AsyncStorage")) == .strong)
        #expect(PackageGroupMatcher.match(group, Self.package(.npm, nil, "asyncstorage")) == .weak)
        #expect(PackageGroupMatcher.match(group, Self.package(.npm, nil, "async-storage")) == nil, "a separator is not ignored")
        let spicy = try Self.pattern("/npm//anycompany-spicy-client$")
        #expect(PackageGroupMatcher.match(spicy, Self.package(.npm, nil, "AnyCompany-spicy-client")) == .weak)
        #expect(PackageGroupMatcher.match(spicy, Self.package(.npm, nil, "anycompany_spicy..client")) == .weak)
        #expect(PackageGroupMatcher.match(spicy, Self.package(.npm, nil, "anycompanyspicyclient")) == nil)
        #expect(PackageGroupMatcher.variation("Foo--Bar_.baz") == "foo.bar.baz")
    }

    @Test func normalizedFormatsMatchByTheirNormalizedNames() throws {
        let requests = try Self.pattern("/pypi//requests-oauthlib$")
        #expect(PackageGroupMatcher.match(requests, Self.package(.pypi, nil, "Requests_OAuthlib")) == .strong)
        #expect(PackageGroupMatcher.match(try Self.pattern("/nuget//newtonsoft~"), Self.package(.nuget, nil, "Newtonsoft.Json")) == .strong)
        #expect(PackageGroupMatcher.match(try Self.pattern("/maven/org.apache/*"), Self.package(.maven, "Org.Apache", "x")) == .weak)
    }

    @Test func mostSpecificMatchWins() throws {
        let patterns = try ["/*", "/npm/*", "/npm/space/*", "/npm/space/anycompany~", "/npm/space/anycompany-ui~", "/npm/space~", "/npm//react$"]
            .map(Self.pattern)
        func best(_ package: PackageCoordinate) -> String? { PackageGroupMatcher.mostSpecific(patterns, for: package)?.pattern.text }
        #expect(best(Self.package(.npm, nil, "react")) == "/npm//react$")
        #expect(best(Self.package(.npm, nil, "vue")) == "/npm/*")
        #expect(best(Self.package(.npm, "space", "aui.components")) == "/npm/space/*")
        #expect(best(Self.package(.npm, "space", "anycompany-ui-core")) == "/npm/space/anycompany-ui~")
        #expect(best(Self.package(.npm, "space", "anycompany")) == "/npm/space/anycompany~")
        #expect(best(Self.package(.npm, "space-x", "a")) == "/npm/space~")
        #expect(best(Self.package(.pypi, nil, "requests")) == "/*")
        // A strong match beats an equally specific weak one.
        let cases = try ["/npm//AsyncStorage$", "/npm//asyncstorage$"].map(Self.pattern)
        let found = PackageGroupMatcher.mostSpecific(cases, for: Self.package(.npm, nil, "asyncstorage"))
        #expect(found?.pattern.text == "/npm//asyncstorage$" && found?.association == .strong)
        let variant = PackageGroupMatcher.mostSpecific(cases, for: Self.package(.npm, nil, "ASYNCSTORAGE"))
        #expect(variant?.association == .weak)
        // A weak match of a specific group keeps the package from rolling up to a general one.
        let spicy = try ["/npm/*", "/npm//anycompany-spicy-client$"].map(Self.pattern)
        let weak = PackageGroupMatcher.mostSpecific(spicy, for: Self.package(.npm, nil, "AnyCompany-Spicy-Client"))
        #expect(weak?.pattern.text == "/npm//anycompany-spicy-client$" && weak?.association == .weak)
    }

    @Test func specificityOrdersPatterns() throws {
        let ordered = try ["/*", "/npm/*", "/npm/sp*", "/npm/sp~", "/npm/space*", "/npm/space~", "/npm/space/*", "/npm/space/a*",
            "/npm/space/a~", "/npm/space/abc~", "/npm/space/abc$"].map(Self.pattern)
        for (lower, higher) in zip(ordered, ordered.dropFirst()) {
            #expect(PackageGroupMatcher.specificity(lower) < PackageGroupMatcher.specificity(higher), "\(lower) < \(higher)")
        }
    }

    // MARK: hierarchy

    @Test func parentsAreTheMostSpecificContainingGroup() throws {
        let patterns = try ["/*", "/npm/*", "/npm/space/*", "/npm/space/anycompany~", "/npm/space/anycompany-ui~",
            "/npm/space/anycompany-ui-core$", "/maven/com.anycompany~", "/maven/com.anycompany.internal~", "/maven/com.anycompany/lib$",
            "/pypi//*", "/npm/space~"].map(Self.pattern)
        func parent(_ text: String) throws -> String? { PackageGroupMatcher.parent(of: try Self.pattern(text), among: patterns)?.text }
        #expect(try parent("/*") == nil)
        #expect(try parent("/npm/*") == "/*")
        #expect(try parent("/npm/space~") == "/npm/*")
        #expect(try parent("/npm/space/*") == "/npm/space~")
        #expect(try parent("/npm/space/anycompany~") == "/npm/space/*")
        #expect(try parent("/npm/space/anycompany-ui~") == "/npm/space/anycompany~")
        #expect(try parent("/npm/space/anycompany-ui-core$") == "/npm/space/anycompany-ui~")
        #expect(try parent("/maven/com.anycompany.internal~") == "/maven/com.anycompany~")
        #expect(try parent("/maven/com.anycompany/lib$") == "/maven/com.anycompany~")
        #expect(try parent("/pypi//*") == "/*")
        // A pattern that is not a group yet still has a parent.
        #expect(try parent("/npm/space/anycompany-uix$") == "/npm/space/anycompany~")
        #expect(try parent("/npm/spa*") == "/npm/*")
    }

    @Test func containmentRespectsWordBoundaries() throws {
        func contains(_ outer: String, _ inner: String) throws -> Bool {
            PackageGroupMatcher.contains(try Self.pattern(outer), try Self.pattern(inner))
        }
        #expect(try contains("/npm/foo*", "/npm/foo~"))
        #expect(try !contains("/npm/foo~", "/npm/foo*"))
        #expect(try contains("/npm/foo~", "/npm/foo-bar~"))
        #expect(try !contains("/npm/foo~", "/npm/food~"))
        #expect(try contains("/npm/foo~", "/npm/foo/*"))
        #expect(try !contains("/npm/foo/*", "/npm/foo/*"))
        #expect(try contains("/npm/*", "/npm//*"))
        #expect(try !contains("/npm/a/*", "/npm/b/c$"))
    }

    @Test func hierarchyResolvesInheritance() throws {
        func group(_ id: Int64, _ text: String, _ modes: [PackageGroupRestriction: PackageGroupRestrictionMode]) throws -> PackageGroup {
            PackageGroup(id: id, domainId: 1, pattern: try Self.pattern(text), description: nil, contactInfo: nil, createdTime: 0, modes: modes)
        }
        let hierarchy = PackageGroupHierarchy([
            try group(1, "/*", [.publish: .allow, .externalUpstream: .block, .internalUpstream: .allow]),
            try group(2, "/npm/*", [.publish: .allowSpecificRepositories]),
            try group(3, "/npm/space/*", [:]),
        ])
        let space = try #require(hierarchy.group(try Self.pattern("/npm/space/*")))
        #expect(hierarchy.parent(of: space)?.pattern.text == "/npm/*")
        let publish = hierarchy.restriction(.publish, of: space)
        #expect(publish.mode == .inherit && publish.effectiveMode == .allowSpecificRepositories && publish.inheritedFrom?.id == 2)
        let external = hierarchy.restriction(.externalUpstream, of: space)
        #expect(external.effectiveMode == .block && external.inheritedFrom?.id == 1)
        #expect(hierarchy.restriction(.publish, of: hierarchy.root).inheritedFrom == nil)
        #expect(hierarchy.children(of: hierarchy.root).map(\.pattern.text) == ["/npm/*"])
        let (found, type) = hierarchy.association(of: Self.package(.npm, "space", "x"))
        #expect(found.id == 3 && type == .strong)
        // Without a stored root, a virtual one allows everything.
        let bare = PackageGroupHierarchy([try group(5, "/npm/*", [:])])
        #expect(bare.restriction(.publish, of: try #require(bare.group(try Self.pattern("/npm/*")))).effectiveMode == .allow)
    }
}
