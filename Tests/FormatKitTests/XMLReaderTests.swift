import FormatKit
import Testing

/// The bounded XML reader Maven's and NuGet's metadata will go through: what it reads, and every
/// refusal hostile metadata can provoke (DTDs and entities, depth, size, malformed markup).
@Suite struct XMLReaderTests {
    static let pom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- a pom, as Maven writes one -->
        <project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.acme</groupId>
          <artifactId>lib</artifactId>
          <version>1.2.0</version>
          <description>Tools &amp; more &lt;fast&gt; &#169; &#x263A;</description>
          <dependencies>
            <dependency><groupId>org.x</groupId><artifactId>a</artifactId><version>1</version></dependency>
            <dependency><groupId>org.y</groupId><artifactId>b</artifactId><scope>test</scope></dependency>
          </dependencies>
          <build><![CDATA[<not> & markup]]></build>
        </project>
        """

    @Test func readsATreeWithTextAttributesAndReferences() throws {
        let project = try XMLReader.parse(Self.pom)
        #expect(project.name == "project")
        #expect(project.attribute("xmlns") == "http://maven.apache.org/POM/4.0.0")
        #expect(project.value("groupId") == "com.acme")
        #expect(project.value("description") == "Tools & more <fast> © ☺")
        #expect(project.child("dependencies")?.children("dependency").map { $0.value("artifactId") } == ["a", "b"])
        #expect(project.child("build")?.text == "<not> & markup")
        #expect(project.child("nothing") == nil)
    }

    @Test func namespacePrefixesAreMatchedByLocalName() throws {
        let package = try XMLReader.parse("<n:package xmlns:n='urn:x'><n:metadata><n:id>Acme.Lib</n:id></n:metadata></n:package>")
        #expect(package.localName == "package")
        #expect(package.child("metadata")?.value("id") == "Acme.Lib")
    }

    @Test func attributeValuesAreNormalized() throws {
        let element = try XMLReader.parse("<a x=\"1\n\t2\" y='&quot;q&apos;'/>")
        #expect(element.attribute("x") == "1  2")
        #expect(element.attribute("y") == "\"q'")
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        #expect(try XMLReader.parse([0xEF, 0xBB, 0xBF] + Array("<a>x</a>".utf8)).text == "x")
    }

    @Test(arguments: [
        "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><lolz>&lol2;</lolz>",
        "<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><foo>&xxe;</foo>",
        "<a>&undefined;</a>",
        "<a><!ENTITY x 'y'></a>",
    ])
    func dtdsAndEntitiesAreRefused(_ document: String) {
        #expect(throws: XMLError.self) { try XMLReader.parse(document) }
        do {
            _ = try XMLReader.parse(document)
        } catch {
            #expect(error.kind == .unsupported)
        }
    }

    @Test(arguments: [
        "", "text only", "<a>", "<a></b>", "<a><b></a></b>", "<a x=1/>", "<a x='1' x='2'/>", "<a x='<'/>", "<a>]]></a>",
        "<a/><b/>", "<a>&#0;</a>", "<a>&#xD800;</a>", "<a>&amp</a>", "<1a/>", "<a><!-- open</a>", "<a><![CDATA[x</a>",
        "<a b='1'c='2'/>", "</a>",
    ])
    func malformedDocumentsAreRefused(_ document: String) {
        #expect(throws: XMLError.self) { try XMLReader.parse(document) }
    }

    @Test func limitsAreEnforced() {
        var limits = XMLLimits()
        limits.maxDepth = 8
        let deep = String(repeating: "<a>", count: 9) + String(repeating: "</a>", count: 9)
        #expect(throws: XMLError(.tooLarge, "Elements are nested deeper than 8 levels")) { try XMLReader.parse(deep, limits: limits) }
        limits = XMLLimits()
        limits.maxBytes = 10
        #expect(throws: XMLError.self) { try XMLReader.parse("<abcdefghij/>", limits: limits) }
        limits = XMLLimits()
        limits.maxElements = 3
        #expect(throws: XMLError.self) { try XMLReader.parse("<a><b/><c/><d/></a>", limits: limits) }
        limits = XMLLimits()
        limits.maxAttributes = 2
        #expect(throws: XMLError.self) { try XMLReader.parse("<a x='1' y='2' z='3'/>", limits: limits) }
    }

    /// Every prefix of a valid document is refused (never a crash, never a partial tree).
    @Test func everyTruncationIsRefused() {
        let bytes = Array(Self.pom.utf8)
        for end in 0..<bytes.count where (try? XMLReader.parse(Array(bytes[..<end]))) != nil {
            Issue.record("the document cut at byte \(end) parsed")
        }
    }
}
